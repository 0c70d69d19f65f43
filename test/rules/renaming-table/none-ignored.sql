-- expect: none
-- squawk-ignore renaming-table
ALTER TABLE stock RENAME TO inventory;
