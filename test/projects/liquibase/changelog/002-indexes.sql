--liquibase formatted sql

--changeset bob:idx-email runInTransaction:false
CREATE INDEX CONCURRENTLY customers_email_idx ON customers (email);
--rollback DROP INDEX CONCURRENTLY customers_email_idx;

--changeset bob:idx-city
CREATE INDEX CONCURRENTLY customers_city_idx ON customers (city);
--rollback DROP INDEX customers_city_idx;

--changeset bob:idx-email
CREATE INDEX customers_phone_idx ON customers (phone);
