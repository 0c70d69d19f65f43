-- expect: none
ALTER TABLE warehouses RENAME CONSTRAINT warehouses_city_check TO warehouses_city_not_empty;
ALTER INDEX warehouses_city_idx RENAME TO warehouses_town_idx;
ALTER VIEW warehouse_list RENAME COLUMN town TO city;
