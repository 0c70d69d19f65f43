-- expect: ban-duplicate-column-assignments@2, ban-duplicate-column-assignments@2, ban-duplicate-column-assignments@5, ban-duplicate-column-assignments@7
UPDATE warehouses SET city = 'Utrecht', city = 'Delft' WHERE id = 1;
UPDATE warehouses
SET
  region = upper(region),
  country = 'NL',
  region = 'west'
WHERE id = 2;
