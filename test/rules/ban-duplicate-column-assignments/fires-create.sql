-- expect: ban-duplicate-column-assignments@4, ban-duplicate-column-assignments@6, ban-duplicate-column-assignments@8, ban-duplicate-column-assignments@8, ban-duplicate-column-assignments@9, ban-duplicate-column-assignments@9, ban-duplicate-column-assignments@10, ban-duplicate-column-assignments@10
CREATE TABLE shipments (
  id bigint PRIMARY KEY,
  note text,
  created_at timestamptz,
  note text
);
CREATE VIEW shipment_notes (id, id) AS SELECT id, note FROM shipments;
CREATE VIEW shipment_ids AS SELECT s.id, w.id FROM shipments s JOIN warehouses w ON true;
CREATE TABLE shipment_copy AS SELECT id, note AS id FROM shipments;
