-- expect: ban-drop-table@2
DROP TABLE IF EXISTS legacy_stock, archive.old_menu CASCADE;
