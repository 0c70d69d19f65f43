ALTER TABLE ${app_schema}.orders ADD COLUMN note text;
