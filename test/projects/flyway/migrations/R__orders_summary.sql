CREATE OR REPLACE VIEW ${app_schema}.orders_summary AS
SELECT status, count(*) AS orders FROM ${app_schema}.orders GROUP BY status;
