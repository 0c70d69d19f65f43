-- expect: ban-drop-schema@2
DROP SCHEMA reporting CASCADE;
