-- expect: none
DROP TABLE legacy_stock; -- safeshift-ignore ban-drop-table
