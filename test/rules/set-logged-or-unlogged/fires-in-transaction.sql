-- expect: set-logged-or-unlogged@3
BEGIN;
ALTER TABLE page_views SET UNLOGGED;
COMMIT;
