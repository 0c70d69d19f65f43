ALTER TABLE ${app_schema}.orders ADD COLUMN gift boolean;
