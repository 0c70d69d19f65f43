-- expect: prefer-identity@3, prefer-identity@4
CREATE TABLE counters (
  a smallserial,
  b serial4
);
