-- expect: none
-- NOT VALID checks nothing and locks no table now.
ALTER DOMAIN quantity ADD CONSTRAINT quantity_positive CHECK (VALUE > 0) NOT VALID;
ALTER DOMAIN quantity DROP CONSTRAINT quantity_old;
-- a domain created in this file is used by no existing table
CREATE DOMAIN code AS text;
ALTER DOMAIN code ADD CONSTRAINT code_short CHECK (length(VALUE) < 10);
