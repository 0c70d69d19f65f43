-- expect: renaming-table@2
ALTER TABLE stock RENAME TO inventory;
CREATE VIEW stock_levels AS SELECT * FROM inventory;
