-- expect: wide-lock-window@4
START TRANSACTION;
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
TRUNCATE audit_log;
COMMIT;
