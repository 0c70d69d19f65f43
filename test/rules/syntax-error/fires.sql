-- expect: syntax-error@2
ALTER TABLE warehouses ADD COLUMN city text NOT NUL;
