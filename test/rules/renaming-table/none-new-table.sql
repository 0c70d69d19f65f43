-- expect: none
CREATE TABLE stock_new (LIKE stock INCLUDING ALL);
ALTER TABLE stock_new RENAME TO stock_next;
