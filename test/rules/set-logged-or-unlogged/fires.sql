-- expect: set-logged-or-unlogged@2, set-logged-or-unlogged@3, set-logged-or-unlogged@4
ALTER TABLE page_views SET UNLOGGED;
ALTER TABLE public.page_views SET LOGGED;
ALTER TABLE audit_log ADD COLUMN note text, SET UNLOGGED;
