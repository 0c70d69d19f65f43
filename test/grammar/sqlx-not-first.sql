-- SYNTAX TEST "source.sql" "sqlx no-transaction after a blank line does nothing"

-- no-transaction
-- ^^^^^^^^^^^^^^ comment.line.double-dash.sql - keyword.control.directive.no-transaction.sqlx
