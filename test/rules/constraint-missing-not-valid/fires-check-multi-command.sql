-- expect: constraint-missing-not-valid@3, constraint-missing-not-valid@5
ALTER TABLE inventory
  ADD CHECK (quantity >= 0) NO INHERIT,
  ADD COLUMN note text,
  ADD CONSTRAINT inventory_price_positive CHECK (price > 0 AND price < 1e6) -- no rows may be free
;
