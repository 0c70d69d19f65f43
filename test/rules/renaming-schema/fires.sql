-- expect: renaming-schema@2
ALTER SCHEMA billing RENAME TO invoicing;
