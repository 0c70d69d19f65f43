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

-- Deleting an ingredient looks up its stock rows: the key above starts with warehouse_id, so
-- ingredient_id needs an index of its own (fk-without-index).
CREATE INDEX IF NOT EXISTS stock_ingredient_id_idx ON stock (ingredient_id);
