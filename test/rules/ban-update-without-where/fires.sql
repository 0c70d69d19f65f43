-- expect: ban-update-without-where@2, ban-update-without-where@3, ban-update-without-where@5
UPDATE warehouses SET region = 'eu';
UPDATE stock s SET qty = 0 FROM warehouses w;
BEGIN;
WITH touched AS (UPDATE stock SET checked = true RETURNING id) SELECT count(*) FROM touched;
COMMIT;
