ALTER TABLE "teams" ADD COLUMN "archived" boolean DEFAULT false;
