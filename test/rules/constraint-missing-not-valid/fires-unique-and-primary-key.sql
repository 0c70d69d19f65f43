-- expect: constraint-missing-not-valid@2, constraint-missing-not-valid@3
ALTER TABLE inventory ADD CONSTRAINT inventory_sku_key UNIQUE (sku);
ALTER TABLE inventory ADD PRIMARY KEY (id);
