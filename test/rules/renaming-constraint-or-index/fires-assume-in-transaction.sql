-- settings: {"assumeInTransaction": true}
-- expect: renaming-constraint-or-index@3
ALTER TABLE public.users RENAME CONSTRAINT users_email_key TO users_email_unique;
