-- settings: {"assumeInTransaction": true}
-- expect: set-logged-or-unlogged@3
ALTER TABLE page_views SET LOGGED;
