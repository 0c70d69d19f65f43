-- expect: none
CREATE SCHEMA scratch;
CREATE TABLE scratch.t (id bigint);
DROP SCHEMA scratch CASCADE;
DROP TABLE reporting.old_stock; -- safeshift-ignore ban-drop-table
