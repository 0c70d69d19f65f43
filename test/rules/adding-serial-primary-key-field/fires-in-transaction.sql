-- expect: adding-serial-primary-key-field@4
START TRANSACTION;
SET LOCAL lock_timeout = '2s';
ALTER TABLE shipments ADD PRIMARY KEY (id);
COMMIT;
