ALTER TABLE "members" ADD CONSTRAINT "members_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "teams"("id");
--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "members_email_idx" ON "members" ("email");
