-- expect: none
-- settings: {"postgresVersion": 18}
ALTER TABLE stock ADD COLUMN total numeric GENERATED ALWAYS AS (qty * price) VIRTUAL;
ALTER TABLE stock ADD COLUMN total2 numeric GENERATED ALWAYS AS (qty * price * 2);
