ALTER TABLE ${app_schema}.orders ADD COLUMN status text;
