UPDATE ${app_schema}.orders SET status = 'new' WHERE status IS NULL;
CREATE INDEX CONCURRENTLY orders_note_idx ON ${app_schema}.orders (note);
