-- settings: {"rules": {"require-table-schema": "warning"}}
-- expect: require-table-schema@3, require-table-schema@4
ALTER TABLE warehouses RENAME TO depots;
ALTER TABLE depots SET SCHEMA inventory;
