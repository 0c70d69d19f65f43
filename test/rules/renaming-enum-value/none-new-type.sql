-- expect: none
CREATE TYPE shipment_status AS ENUM ('new', 'sent');
ALTER TYPE shipment_status RENAME VALUE 'sent' TO 'shipped';
ALTER TYPE order_status ADD VALUE 'archived' AFTER 'done';
ALTER TYPE order_status RENAME TO order_state;
