-- expect: ban-char-field@3, ban-char-field@4, ban-char-field@5, ban-char-field@6, ban-char-field@7, ban-char-field@8, ban-char-field@9, ban-char-field@11
CREATE TABLE warehouses (
  a char(2),
  b CHARACTER(3),
  c character,
  d bpchar,
  e national character(2),
  f nchar(4),
  g char(3)[]
);
ALTER TABLE warehouses ALTER COLUMN a TYPE pg_catalog.bpchar(5);
