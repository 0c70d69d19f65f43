-- expect: none
CREATE INDEX aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ON warehouses (region);
-- strings and comments are not identifiers: warehouses_region_city_postal_code_opening_hours_covering_index_for_reports
COMMENT ON TABLE warehouses IS 'warehouses_region_city_postal_code_opening_hours_covering_index_for_reports';
CREATE TABLE "ééééééééééééééééééééééééééééééé" (id bigint);
