-- expect: ban-drop-cascade@3, ban-drop-table@3
CREATE TABLE scratch (id bigint);
DROP TABLE scratch, legacy_stock CASCADE;
