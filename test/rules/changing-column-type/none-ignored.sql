-- expect: none
ALTER TABLE inventory ALTER COLUMN quantity TYPE bigint; -- squawk-ignore changing-column-type
