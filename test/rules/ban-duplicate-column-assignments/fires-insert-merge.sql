-- expect: ban-duplicate-column-assignments@2, ban-duplicate-column-assignments@2, ban-duplicate-column-assignments@4, ban-duplicate-column-assignments@4, ban-duplicate-column-assignments@7, ban-duplicate-column-assignments@7, ban-duplicate-column-assignments@8, ban-duplicate-column-assignments@8
INSERT INTO warehouses (id, city, city) VALUES (1, 'a', 'b');
INSERT INTO warehouses (id, city) VALUES (1, 'a')
  ON CONFLICT (id) DO UPDATE SET city = excluded.city, city = 'b';
MERGE INTO warehouses w
USING incoming i ON w.id = i.id
WHEN MATCHED THEN UPDATE SET city = i.city, city = 'x'
WHEN NOT MATCHED THEN INSERT (id, id) VALUES (i.id, i.id);
