-- expect: none
TRUNCATE warehouses, inventory;
TRUNCATE warehouses RESTRICT;
TRUNCATE "cascade";
