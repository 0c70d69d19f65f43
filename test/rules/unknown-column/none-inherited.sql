-- INHERITS brings columns the model does not copy: the table is not trusted for columns.
-- before: CREATE TABLE base_events (id bigint, at timestamptz);
-- before: CREATE TABLE click_events (target text) INHERITS (base_events);
-- expect: none
ALTER TABLE click_events ALTER COLUMN at SET NOT NULL;
