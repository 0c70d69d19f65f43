-- expect: none
BEGIN;
CREATE TABLE invoices (id bigint, total numeric);
ALTER TABLE invoices ADD CONSTRAINT invoices_total_positive CHECK (total > 0) NOT VALID;
ALTER TABLE invoices ADD COLUMN note text;
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_total_positive;
COMMIT;
