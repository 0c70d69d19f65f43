-- expect: none
CREATE TABLE warehouses (
  a varchar(2),
  b character varying(3),
  c text,
  -- PostgreSQL's internal one-byte type, not character(n)
  d "char",
  e char varying
);
CREATE DOMAIN country_code AS char(2);
