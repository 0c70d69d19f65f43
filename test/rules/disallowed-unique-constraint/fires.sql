-- expect: disallowed-unique-constraint@2, disallowed-unique-constraint@3, disallowed-unique-constraint@5
ALTER TABLE warehouses ADD CONSTRAINT warehouses_code_key UNIQUE (code);
ALTER TABLE warehouses ADD UNIQUE NULLS NOT DISTINCT (code, region);
ALTER TABLE warehouses
  ADD COLUMN slug text UNIQUE;
