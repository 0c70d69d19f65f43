CREATE TABLE items (
    id bigserial PRIMARY KEY,
    sku text NOT NULL,
    quantity integer NOT NULL DEFAULT 0
);
