-- expect: ban-alter-domain-with-add-constraint@3
BEGIN;
ALTER DOMAIN quantity ADD CHECK (VALUE > 0);
COMMIT;
