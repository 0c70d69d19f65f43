-- expect: none
ALTER TABLE shipments ALTER COLUMN city SET DEFAULT 'unknown';
ALTER TABLE shipments ALTER COLUMN city SET NOT NULL;
ALTER TABLE shipments VALIDATE CONSTRAINT shipments_city_check;
ALTER TABLE shipments OWNER TO app;
ALTER TABLE shipments ENABLE ROW LEVEL SECURITY;
