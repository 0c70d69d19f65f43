ALTER TABLE ${app_schema}.orders ADD COLUMN region text;
