-- The history alters a table it never created: the database started with objects Safeshift never saw.
-- before: ALTER TABLE existing_customers ADD COLUMN vip boolean;
-- expect: none
ALTER TABLE existing_orders ADD COLUMN note text;
