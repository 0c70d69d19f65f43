-- settings: {"assumeInTransaction": true}
-- expect: none
CREATE TABLE shipments (id bigint NOT NULL);
ALTER TABLE shipments ADD PRIMARY KEY (id);
