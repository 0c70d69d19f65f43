-- SYNTAX TEST "source.sql" "sqlx no-transaction, first bytes of the file"
-- no-transaction
-- <-- comment.line.double-dash.sql meta.directive.sqlx punctuation.definition.comment.sql
-- ^^^^^^^^^^^^^^ keyword.control.directive.no-transaction.sqlx
CREATE INDEX CONCURRENTLY warehouses_city ON warehouses (city);
-- <------ source.sql - comment
-- Anywhere else it is an ordinary comment:
-- no-transaction
-- ^^^^^^^^^^^^^^ comment.line.double-dash.sql - keyword.control.directive.no-transaction.sqlx
