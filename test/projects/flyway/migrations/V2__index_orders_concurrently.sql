CREATE INDEX CONCURRENTLY orders_placed_at_idx ON ${app_schema}.orders (placed_at);
CREATE INDEX CONCURRENTLY orders_status_idx ON ${app_schema}.orders (status);
