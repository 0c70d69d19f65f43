-- SYNTAX TEST "source.sql" "safeshift-ignore and squawk-ignore comments"

-- safeshift-ignore require-concurrent-index-creation, ban-drop-column -- reviewed with the DBA
-- <-- comment.line.double-dash.sql meta.directive.ignore.safeshift punctuation.definition.comment.sql
-- ^^^^^^^^^^^^^^^^ comment.line.double-dash.sql meta.directive.ignore.safeshift keyword.control.directive.ignore.safeshift
--                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-dash.sql meta.directive.ignore.safeshift variable.other.constant.rule-id.safeshift
--                                                   ^ punctuation.separator.comma.safeshift
--                                                     ^^^^^^^^^^^^^^^ variable.other.constant.rule-id.safeshift
--                                                                     ^^ punctuation.separator.reason.safeshift
--                                                                        ^^^^^^^^^^^^^^^^^^^^^ meta.reason.safeshift - variable.other.constant.rule-id.safeshift
CREATE INDEX warehouses_city ON warehouses (city);
-- <------ source.sql - comment

-- safeshift-ignore-file require-lock-timeout
-- ^^^^^^^^^^^^^^^^^^^^^ keyword.control.directive.ignore.safeshift
--                       ^^^^^^^^^^^^^^^^^^^^ variable.other.constant.rule-id.safeshift
-- squawk-ignore ban-drop-column
-- ^^^^^^^^^^^^^ keyword.control.directive.ignore.safeshift
--               ^^^^^^^^^^^^^^^ variable.other.constant.rule-id.safeshift
--squawk-ignore-file
-- <-- punctuation.definition.comment.sql
-- <~~------------------ keyword.control.directive.ignore.safeshift
-- safeshift-ignore
-- ^^^^^^^^^^^^^^^^ keyword.control.directive.ignore.safeshift

-- Names separated by spaces; a reason without names.
-- safeshift-ignore rule-a rule-b
--                  ^^^^^^ variable.other.constant.rule-id.safeshift
--                         ^^^^^^ variable.other.constant.rule-id.safeshift
-- safeshift-ignore -- only a reason
--                  ^^ punctuation.separator.reason.safeshift
--                     ^^^^^^^^^^^^^ meta.reason.safeshift - variable.other.constant.rule-id.safeshift

-- Indented, and after a statement on the same line.
    -- safeshift-ignore rule-a
-- <---- punctuation.whitespace.comment.leading.sql
--  ^^ punctuation.definition.comment.sql
--     ^^^^^^^^^^^^^^^^ keyword.control.directive.ignore.safeshift
--                      ^^^^^^ variable.other.constant.rule-id.safeshift
ALTER TABLE warehouses DROP COLUMN city; -- safeshift-ignore ban-drop-column
-- <----- source.sql - comment
--                                       ^^ punctuation.definition.comment.sql
--                                          ^^^^^^^^^^^^^^^^ keyword.control.directive.ignore.safeshift
--                                                           ^^^^^^^^^^^^^^^ variable.other.constant.rule-id.safeshift

-- Block comments.
/* safeshift-ignore rule-a, rule-b -- reason */ SELECT 1;
-- <-- comment.block.sql meta.directive.ignore.safeshift punctuation.definition.comment.sql
-- ^^^^^^^^^^^^^^^^ keyword.control.directive.ignore.safeshift
--                  ^^^^^^ variable.other.constant.rule-id.safeshift
--                          ^^^^^^ variable.other.constant.rule-id.safeshift
--                                 ^^ punctuation.separator.reason.safeshift
--                                    ^^^^^^ meta.reason.safeshift
--                                           ^^ punctuation.definition.comment.sql
--                                              ^^^^^^ source.sql - comment
/* squawk-ignore-file rule-a */
-- ^^^^^^^^^^^^^^^^^^ keyword.control.directive.ignore.safeshift
--                    ^^^^^^ variable.other.constant.rule-id.safeshift

-- Not directives: the name must open the comment and be followed by a space or the end.
-- see safeshift-ignore rule-a
-- ^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-dash.sql - keyword.control.directive.ignore.safeshift variable.other.constant.rule-id.safeshift
-- safeshift-ignored rule-a
-- ^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-dash.sql - keyword.control.directive.ignore.safeshift variable.other.constant.rule-id.safeshift
-- safeshift-ignore-files rule-a
-- ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-dash.sql - keyword.control.directive.ignore.safeshift variable.other.constant.rule-id.safeshift
SELECT '-- safeshift-ignore rule-a';
--      ^^^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.single.sql - keyword.control.directive.ignore.safeshift comment
/* a note about safeshift-ignore rule-a */
-- ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.block - keyword.control.directive.ignore.safeshift variable.other.constant.rule-id.safeshift
