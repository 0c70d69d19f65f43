-- settings: {"postgresVersion": "14.2"}
-- expect: none
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
REINDEX INDEX orders_customer_id_idx;
CREATE TABLE invoices (id bigint, customer_id bigint);
CREATE INDEX CONCURRENTLY invoices_customer_id_idx ON invoices (customer_id);
REINDEX TABLE CONCURRENTLY invoices;
