-- expect: ban-drop-not-null@2, ban-drop-not-null@4
ALTER TABLE warehouses ALTER COLUMN city DROP NOT NULL;
ALTER TABLE warehouses
  ALTER COLUMN region DROP NOT NULL,
  ALTER COLUMN country SET DEFAULT 'NL';
