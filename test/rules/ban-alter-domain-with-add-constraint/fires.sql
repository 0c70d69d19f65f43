-- expect: ban-alter-domain-with-add-constraint@2, ban-alter-domain-with-add-constraint@3
ALTER DOMAIN quantity ADD CONSTRAINT quantity_positive CHECK (VALUE > 0);
ALTER DOMAIN public.code ADD CONSTRAINT code_present NOT NULL;
