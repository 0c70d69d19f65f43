-- expect: none
ALTER SEQUENCE orders_id_seq SET UNLOGGED;
ALTER SEQUENCE orders_id_seq SET LOGGED;
