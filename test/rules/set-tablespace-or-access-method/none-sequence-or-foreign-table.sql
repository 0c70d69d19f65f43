-- expect: none
ALTER SEQUENCE orders_id_seq SET TABLESPACE fast_ssd;
ALTER FOREIGN TABLE remote_orders SET TABLESPACE fast_ssd;
