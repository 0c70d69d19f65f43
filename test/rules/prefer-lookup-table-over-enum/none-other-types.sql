-- settings: {"rules": {"prefer-lookup-table-over-enum": "warning"}}
-- expect: none
CREATE TYPE money_amount AS (currency text, cents bigint);
CREATE DOMAIN positive_int AS integer;
ALTER TYPE order_status ADD VALUE 'refunded' AFTER 'paid';
CREATE TABLE order_statuses (status text PRIMARY KEY);
