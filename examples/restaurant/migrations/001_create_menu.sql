-- The menu: dishes and their prices.
CREATE TABLE menu_items (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL,
    price_cents integer NOT NULL CHECK (price_cents >= 0),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX menu_items_name_key ON menu_items (name);
