-- SYNTAX TEST "source.sql" "Drizzle statement breakpoints"
CREATE TABLE "warehouses" ("id" bigint PRIMARY KEY);
--> statement-breakpoint
-- <-- comment.line.double-dash.sql meta.directive.drizzle punctuation.definition.comment.sql
-- <~~- punctuation.definition.directive.drizzle
--  ^^^^^^^^^^^^^^^^^^^^ keyword.control.directive.statement-breakpoint.drizzle
CREATE INDEX "warehouses_city" ON "warehouses" ("city");--> statement-breakpoint
-- <------ source.sql - comment
--                                                          ^^^^^^^^^^^^^^^^^^^^ comment.line.double-dash.sql keyword.control.directive.statement-breakpoint.drizzle
-- Drizzle splits on the exact string only:
-- > statement-breakpoint
--   ^^^^^^^^^^^^^^^^^^^^ comment.line.double-dash.sql - keyword.control.directive.statement-breakpoint.drizzle
