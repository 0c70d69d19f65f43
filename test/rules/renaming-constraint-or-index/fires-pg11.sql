-- settings: {"postgresVersion": 11}
-- expect: renaming-constraint-or-index@4
-- before PostgreSQL 12 the index rename takes ACCESS EXCLUSIVE
ALTER INDEX users_created_idx RENAME TO users_created_at_idx;
