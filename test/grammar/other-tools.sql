-- SYNTAX TEST "source.sql" "Atlas and node-pg-migrate directives, placeholders"
-- atlas:txmode none
-- <-- comment.line.double-dash.sql meta.directive.atlas punctuation.definition.comment.sql
-- ^^^^^ keyword.control.directive.atlas
--       ^^^^^^ keyword.other.directive-name.atlas
--             ^^^^^ string.unquoted.argument.atlas
-- atlas:nolint destructive
--       ^^^^^^ keyword.other.directive-name.atlas
-- Up Migration
-- ^^ keyword.other.section.node-pg-migrate
--    ^^^^^^^^^ comment.line.double-dash.sql meta.directive.node-pg-migrate keyword.control.directive.node-pg-migrate
-- Down Migration
-- ^^^^ keyword.other.section.node-pg-migrate

CREATE TABLE ${schema}.warehouses (id bigint);
--           ^^ meta.placeholder.safeshift punctuation.definition.placeholder.begin.safeshift
--             ^^^^^^ variable.other.placeholder.safeshift
--                   ^ punctuation.definition.placeholder.end.safeshift
-- <------ source.sql - comment
GRANT SELECT ON warehouses TO ${APP_ROLE:-app};
--                              ^^^^^^^^^^^^^ variable.other.placeholder.safeshift
CREATE TABLE {{ .Schema }}.menu (id bigint);
--           ^^ meta.placeholder.template.safeshift punctuation.definition.placeholder.begin.safeshift
--             ^^^^^^^^^ variable.other.placeholder.safeshift
--                      ^^ punctuation.definition.placeholder.end.safeshift
-- ${not_in_comments}
-- ^^^^^^^^^^^^^^^^^^ comment.line.double-dash.sql - variable.other.placeholder.safeshift
-- An ordinary comment keeps the base grammar's scopes:
-- adds the city column
-- <-- comment.line.double-dash.sql punctuation.definition.comment.sql - meta.directive.goose
-- ^^^^^^^^^^^^^^^^^^^^ comment.line.double-dash.sql - keyword.other.sql
