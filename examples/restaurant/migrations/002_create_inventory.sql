-- Ingredients, and how much of each a dish uses.
CREATE TABLE ingredients (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE,
    unit text NOT NULL
);

CREATE TABLE menu_item_ingredients (
    menu_item_id  bigint NOT NULL REFERENCES menu_items (id),
    ingredient_id bigint NOT NULL REFERENCES ingredients (id),
    quantity      numeric(10, 3) NOT NULL,
    PRIMARY KEY (menu_item_id, ingredient_id)
);

CREATE INDEX menu_item_ingredients_ingredient_idx ON menu_item_ingredients (ingredient_id);
