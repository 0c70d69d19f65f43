-- expect: ban-drop-schema@2, ban-drop-schema@3
DROP SCHEMA reporting CASCADE;
DROP SCHEMA IF EXISTS legacy, staging;
