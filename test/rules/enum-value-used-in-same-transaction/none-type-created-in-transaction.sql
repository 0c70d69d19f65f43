-- expect: none
BEGIN;
CREATE TYPE shipment_status AS ENUM ('new', 'sent');
ALTER TYPE shipment_status ADD VALUE 'lost' AFTER 'sent';
CREATE TABLE shipments (id bigint, status shipment_status NOT NULL DEFAULT 'lost');
ALTER TYPE order_status ADD VALUE 'refunded' AFTER 'paid';
UPDATE orders SET note = 'other' WHERE refund_id IS NOT NULL;
COMMIT;
