-- expect: renaming-table@2
ALTER TABLE stock RENAME TO inventory; SELECT 1;
