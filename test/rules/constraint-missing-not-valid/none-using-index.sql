-- expect: none
ALTER TABLE inventory ADD CONSTRAINT inventory_sku_key UNIQUE USING INDEX inventory_sku_idx;
ALTER TABLE inventory ADD CONSTRAINT inventory_pkey PRIMARY KEY USING INDEX inventory_id_idx;
