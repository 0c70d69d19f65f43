-- expect: adding-serial-primary-key-field@2, adding-serial-primary-key-field@3, adding-serial-primary-key-field@4
ALTER TABLE shipments ADD PRIMARY KEY (id);
ALTER TABLE shipments ADD CONSTRAINT shipments_pkey PRIMARY KEY (id, region);
ALTER TABLE shipments ADD COLUMN code bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
