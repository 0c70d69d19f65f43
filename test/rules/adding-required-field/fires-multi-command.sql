-- expect: adding-required-field@4, adding-required-field@5
ALTER TABLE warehouses
  ADD COLUMN note text,
  ADD COLUMN city text NOT NULL,
  ADD COLUMN state text NOT NULL COLLATE "C",
  ADD COLUMN zone text NOT NULL DEFAULT 'eu';
