-- AlterTable
ALTER TABLE "User" ADD COLUMN "handle" TEXT;

-- CreateIndex
CREATE INDEX CONCURRENTLY "User_handle_idx" ON "User" ("handle");
