-- expect: none, adding-field-with-default@5, adding-field-with-default@6
-- adding-field-with-default (Squawk's meaning) reports identity and STORED generated columns;
-- this rule stays quiet on them so the statement gets one finding, and reports serial only.
-- settings: {"postgresVersion": 17}
ALTER TABLE stock ADD COLUMN ext_id bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE stock ADD COLUMN total numeric GENERATED ALWAYS AS (qty * price) STORED;
