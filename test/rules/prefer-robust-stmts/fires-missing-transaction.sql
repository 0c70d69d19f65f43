-- expect: prefer-robust-stmts@2, prefer-robust-stmts@3, prefer-robust-stmts@4
ALTER TABLE shipments ADD CONSTRAINT shipments_qty_check CHECK (qty > 0);
ALTER TABLE shipments RENAME COLUMN qty TO quantity;
ALTER TABLE shipments ATTACH PARTITION shipments_2020 FOR VALUES IN (2020);
