CREATE SCHEMA IF NOT EXISTS ${app_schema};
GRANT USAGE ON SCHEMA ${app_schema} TO ${flyway:user};
