COMMIT;
--> statement-breakpoint
CREATE INDEX CONCURRENTLY "projects_title_idx" ON "projects" ("title");
