-- expect: ban-delete-without-where@2, ban-delete-without-where@3, ban-delete-without-where@4
DELETE FROM stock_movements;
DELETE FROM archive.stock_movements AS m USING warehouses w;
WITH gone AS (DELETE FROM old_stock RETURNING id) SELECT count(*) FROM gone;
