CREATE INDEX CONCURRENTLY orders_id_status_idx ON ${app_schema}.orders (id, status);
