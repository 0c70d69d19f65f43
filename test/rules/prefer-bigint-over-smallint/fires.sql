-- expect: prefer-bigint-over-smallint@3, prefer-bigint-over-smallint@4, prefer-bigint-over-smallint@5, prefer-bigint-over-smallint@6, prefer-bigint-over-smallint@8
CREATE TABLE shipments (
  a smallint,
  b int2,
  c smallserial,
  d serial2
);
ALTER TABLE shipments ADD COLUMN e SMALLINT[];
