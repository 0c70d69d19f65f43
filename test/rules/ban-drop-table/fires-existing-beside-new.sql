-- expect: ban-drop-table@3
CREATE TEMP TABLE scratch (id bigint);
DROP TABLE scratch, legacy_stock;
