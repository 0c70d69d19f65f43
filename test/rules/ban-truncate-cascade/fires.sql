-- expect: ban-truncate-cascade@2, ban-truncate-cascade@3
TRUNCATE warehouses CASCADE;
TRUNCATE TABLE ONLY warehouses, inventory RESTART IDENTITY cascade;
