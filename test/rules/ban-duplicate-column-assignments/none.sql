-- expect: none
UPDATE warehouses SET city = 'Delft', region = 'west' WHERE id = 1;
-- partial assignments to one column are allowed
UPDATE warehouses SET tags[1] = 'a', tags[2] = 'b';
INSERT INTO warehouses (id, city) VALUES (1, 'a');
CREATE VIEW shipment_ids AS SELECT s.id, w.id AS warehouse_id FROM shipments s JOIN warehouses w ON true;
CREATE TABLE shipment_copy (a, b) AS SELECT id, id FROM shipments;
SELECT id, id FROM shipments;
