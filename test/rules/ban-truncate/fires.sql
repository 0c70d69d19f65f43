-- expect: ban-truncate@2, ban-truncate@5
TRUNCATE stock_movements;
CREATE TABLE scratch (id bigint);
BEGIN;
TRUNCATE TABLE ONLY scratch, archive.old_stock RESTART IDENTITY;
COMMIT;
