-- settings: {"postgresVersion": 9.6}
-- expect: none
-- RENAME VALUE arrived in PostgreSQL 10: before that the statement does not run at all
ALTER TYPE order_status RENAME VALUE 'done' TO 'completed';
