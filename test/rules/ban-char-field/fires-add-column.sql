-- expect: ban-char-field@2
ALTER TABLE warehouses ADD COLUMN country char(2) NOT NULL DEFAULT 'NL';
