-- expect: none
-- squawk-ignore prefer-identity
CREATE TABLE shipments (id bigserial PRIMARY KEY);
