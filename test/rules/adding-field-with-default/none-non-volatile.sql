-- expect: none
-- Squawk's complaints #390 and #645: constants, casts, arrays, stable calls and operators.
ALTER TABLE warehouses ADD COLUMN active boolean DEFAULT true;
ALTER TABLE warehouses ADD COLUMN delta integer DEFAULT -1;
ALTER TABLE warehouses ADD COLUMN tags text[] DEFAULT ARRAY[]::text[];
ALTER TABLE warehouses ADD COLUMN ids bigint[] DEFAULT CAST(ARRAY[] AS bigint[]);
ALTER TABLE warehouses ADD COLUMN meta jsonb DEFAULT '{}'::jsonb;
ALTER TABLE warehouses ADD COLUMN created_at timestamptz DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE warehouses ADD COLUMN updated_at timestamptz DEFAULT now() - interval '100 years';
ALTER TABLE warehouses ADD COLUMN opened date DEFAULT current_date;
ALTER TABLE warehouses ADD COLUMN owner text DEFAULT current_user;
ALTER TABLE warehouses ADD COLUMN slug text DEFAULT lower('MAIN');
ALTER TABLE warehouses ADD COLUMN stamp timestamptz DEFAULT pg_catalog.now();
ALTER TABLE warehouses ADD COLUMN size integer DEFAULT (2 + 2);
ALTER TABLE warehouses ADD COLUMN label text DEFAULT coalesce(NULL, 'none') COLLATE "C";
ALTER TABLE warehouses ADD COLUMN note text DEFAULT NULL::text;
