-- expect: none
-- a backslash inside a string is not a meta-command
SELECT E'\\set';
