-- expect: identifier-too-long@2, identifier-too-long@3, identifier-too-long@3
CREATE INDEX warehouses_region_city_postal_code_opening_hours_covering_index_for_reports ON warehouses (region, city);
ALTER TABLE warehouses ADD CONSTRAINT "Warehouse Region City Postal Code Opening Hours Covering Index For Reports" CHECK (region <> ''), ADD COLUMN WAREHOUSES_REGION_CITY_POSTAL_CODE_OPENING_HOURS_COVERING_INDEX_FOR_REPORTS text;
