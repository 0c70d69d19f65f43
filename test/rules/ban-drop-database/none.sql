-- expect: none
DROP TABLE IF EXISTS warehouse_reports;
CREATE DATABASE warehouse_reports;
