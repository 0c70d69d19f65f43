-- Warehouses and the stock each one holds.
CREATE TABLE warehouses (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE stock (
    warehouse_id  bigint NOT NULL REFERENCES warehouses (id),
    ingredient_id bigint NOT NULL REFERENCES ingredients (id),
    on_hand       numeric(12, 3) NOT NULL DEFAULT 0,
    PRIMARY KEY (warehouse_id, ingredient_id)
);
