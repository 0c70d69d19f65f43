-- flyway:executeInTransaction=false
ALTER TABLE ${app_schema}.orders ADD COLUMN channel text;
CREATE INDEX CONCURRENTLY orders_channel_idx ON ${app_schema}.orders (channel);
