-- expect: ban-drop-table@2
DROP TABLE legacy_stock;
