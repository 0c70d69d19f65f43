ALTER TABLE ${app_schema}.orders ADD COLUMN coupon text;
