-- expect: none
START TRANSACTION;
CREATE TABLE page_views_staging (id bigint);
ALTER TABLE page_views_staging SET UNLOGGED;
COMMIT;
CREATE UNLOGGED TABLE scratch (id bigint);
ALTER TABLE scratch SET LOGGED;
