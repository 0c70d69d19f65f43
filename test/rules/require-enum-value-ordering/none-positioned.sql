-- expect: none
ALTER TYPE shipment_status ADD VALUE 'returned' AFTER 'delivered';
ALTER TYPE shipment_status ADD VALUE 'pending' BEFORE 'shipped';
ALTER TYPE shipment_status RENAME VALUE 'lost' TO 'missing';
