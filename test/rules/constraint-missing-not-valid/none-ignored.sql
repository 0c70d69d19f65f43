-- expect: none
-- safeshift-ignore constraint-missing-not-valid, require-lock-timeout -- tiny lookup table
ALTER TABLE units ADD CONSTRAINT units_name_check CHECK (name <> '');
