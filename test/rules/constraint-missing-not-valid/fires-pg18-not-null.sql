-- settings: {"postgresVersion": 18}
-- expect: constraint-missing-not-valid@3
ALTER TABLE inventory ADD CONSTRAINT inventory_sku_not_null NOT NULL sku;
