-- settings: {"assumeInTransaction": true}
-- expect: require-enum-value-ordering@6
CREATE TYPE mood AS ENUM ('sad', 'ok');
ALTER TYPE mood ADD VALUE 'happy' AFTER 'ok';
-- the fix names the real last value
ALTER TYPE mood ADD VALUE 'ecstatic';
