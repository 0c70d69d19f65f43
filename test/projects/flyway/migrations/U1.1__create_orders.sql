DROP TABLE ${app_schema}.orders;
