-- expect: none
ALTER TABLE shipments ADD CONSTRAINT shipments_pkey PRIMARY KEY USING INDEX shipments_pkey_idx;
ALTER TABLE shipments ADD CONSTRAINT shipments_code_key UNIQUE USING INDEX shipments_code_idx;
