-- expect: none
ALTER TABLE users ALTER COLUMN emial SET NOT NULL;
