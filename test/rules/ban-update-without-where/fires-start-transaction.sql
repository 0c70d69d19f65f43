-- expect: ban-update-without-where@3
START TRANSACTION;
UPDATE warehouses SET region = 'eu';
COMMIT;
