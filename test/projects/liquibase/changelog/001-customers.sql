--liquibase formatted sql

--changeset alice:1
--comment: customers table
CREATE TABLE customers (
    id bigserial PRIMARY KEY,
    email text NOT NULL
);
--rollback DROP TABLE customers;

--changeset alice:2
ALTER TABLE customers ADD COLUMN phone text;
ALTER TABLE customers ADD COLUMN city text;
/* liquibase rollback
ALTER TABLE customers DROP COLUMN city;
ALTER TABLE customers DROP COLUMN phone;
*/
