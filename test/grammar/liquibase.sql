-- SYNTAX TEST "source.sql" "Liquibase formatted SQL"
-- rollback before the header is a plain comment
-- rollback DROP TABLE x;
-- ^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-dash.sql - keyword.control.directive.rollback.liquibase keyword.other.sql
--changeset a:1
-- <~~--------- comment.line.double-dash.sql - keyword.control.directive.changeset.liquibase
--liquibase formatted sql
-- <-- meta.liquibase-formatted.sql comment.line.double-dash.sql meta.directive.liquibase punctuation.definition.comment.sql
-- <~~--------- keyword.control.directive.liquibase
--          ^^^^^^^^^^^^^ keyword.other.format.liquibase

--changeset alice:add-city runInTransaction:false context:"prod, eu" labels:v2
-- <~~--------- meta.liquibase-formatted.sql comment.line.double-dash.sql meta.directive.changeset.liquibase keyword.control.directive.changeset.liquibase
--          ^^^^^ entity.name.section.author.liquibase
--               ^ punctuation.separator.key-value.liquibase
--                ^^^^^^^^ entity.name.section.changeset-id.liquibase
--                         ^^^^^^^^^^^^^^^^ variable.parameter.attribute.liquibase
--                                          ^^^^^ constant.language.boolean.liquibase
--                                                        ^^^^^^^^^^ string.quoted.liquibase
--                                                                          ^^ string.unquoted.value.liquibase
CREATE INDEX CONCURRENTLY warehouses_city ON warehouses (city);
-- <------ meta.liquibase-formatted.sql - comment
--rollback DROP INDEX warehouses_city;
-- <~~-------- comment.line.double-dash.sql meta.directive.rollback.liquibase keyword.control.directive.rollback.liquibase
--         ^^^^ meta.embedded.line.sql keyword.other.sql
--              ^^^^^ meta.embedded.line.sql keyword.other.sql
-- rollback DROP TABLE warehouses;
-- ^^^^^^^^ keyword.control.directive.rollback.liquibase
--          ^^^^ meta.embedded.line.sql
--comment: adds the city index
-- <~~------- keyword.control.directive.comment.liquibase
--         ^^^^^^^^^^^^^^^^^^^ comment.line.double-dash.sql - keyword.other.sql
--preconditions onFail:MARK_RAN onError:HALT
-- <~~------------- keyword.control.directive.precondition.liquibase
--              ^^^^^^ variable.parameter.attribute.liquibase
--                     ^^^^^^^^ string.unquoted.value.liquibase
--precondition-sql-check expectedResult:0 SELECT count(*) FROM warehouses
-- <~~---------------------- keyword.control.directive.precondition.liquibase
--                       ^^^^^^^^^^^^^^ variable.parameter.attribute.liquibase
--changeset "Bob Smith":2
--          ^^^^^^^^^^^ entity.name.section.author.liquibase
--                      ^ entity.name.section.changeset-id.liquibase
ALTER TABLE warehouses ADD COLUMN state text;
-- <----- source.sql - comment
/* liquibase rollback
-- <-- punctuation.definition.comment.sql
-- ^^^^^^^^^^^^^^^^^^ meta.directive.rollback.liquibase keyword.control.directive.rollback.liquibase
ALTER TABLE warehouses DROP COLUMN state;
-- <----- meta.directive.rollback.liquibase meta.embedded.block.sql
*/
-- <-- punctuation.definition.comment.sql
--validCheckSum: 8:abc
-- <~~------------- keyword.control.directive.liquibase
-- safeshift-ignore rule-a
-- ^^^^^^^^^^^^^^^^ meta.liquibase-formatted.sql keyword.control.directive.ignore.safeshift
--                  ^^^^^^ variable.other.constant.rule-id.safeshift
SELECT 1;
-- <------ meta.liquibase-formatted.sql - comment
