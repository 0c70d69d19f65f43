-- expect: none
CREATE SCHEMA staging;
ALTER SCHEMA staging RENAME TO imports;
ALTER SCHEMA billing OWNER TO finance;
ALTER TABLE billing.invoices RENAME TO bills;
