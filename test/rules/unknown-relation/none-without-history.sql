-- A file outside any migration project: nothing is known about earlier migrations.
-- expect: none
ALTER TABLE userz ADD COLUMN name text;
