-- settings: {"assumeInTransaction": true}
-- expect: ban-drop-not-null@4
ALTER TABLE warehouses ADD COLUMN note text NOT NULL DEFAULT '';
ALTER TABLE warehouses ALTER city DROP NOT NULL;
