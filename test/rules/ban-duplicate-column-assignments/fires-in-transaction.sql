-- settings: {"assumeInTransaction": true}
-- expect: ban-duplicate-column-assignments@4, ban-duplicate-column-assignments@4
-- The failing statement aborts the tool's transaction: nothing of the migration is applied.
UPDATE warehouses SET city = 'Delft', city = 'Leiden';
