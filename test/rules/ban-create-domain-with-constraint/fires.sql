-- expect: ban-create-domain-with-constraint@2, ban-create-domain-with-constraint@3, ban-create-domain-with-constraint@4
CREATE DOMAIN quantity AS integer CHECK (VALUE >= 0);
CREATE DOMAIN code AS text NOT NULL;
CREATE DOMAIN percent AS numeric DEFAULT 0 CONSTRAINT percent_min CHECK (VALUE >= 0) CONSTRAINT percent_max CHECK (VALUE <= 100);
