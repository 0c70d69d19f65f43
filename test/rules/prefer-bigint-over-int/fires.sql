-- expect: prefer-bigint-over-int@3, prefer-bigint-over-int@4, prefer-bigint-over-int@5, prefer-bigint-over-int@6, prefer-bigint-over-int@7, prefer-bigint-over-int@8, prefer-bigint-over-int@9
CREATE TABLE shipments (
  a INT,
  b integer,
  c int4,
  d serial4,
  e pg_catalog.int4,
  f int[],
  g "int4"
);
