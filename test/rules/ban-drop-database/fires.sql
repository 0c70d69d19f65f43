-- expect: ban-drop-database@2, ban-drop-database@3
DROP DATABASE warehouse_reports;
DROP DATABASE IF EXISTS "Old Reports" WITH (FORCE);
