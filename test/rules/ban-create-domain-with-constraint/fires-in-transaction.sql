-- expect: ban-create-domain-with-constraint@3
START TRANSACTION;
CREATE DOMAIN quantity AS integer CHECK (VALUE >= 0);
COMMIT;
