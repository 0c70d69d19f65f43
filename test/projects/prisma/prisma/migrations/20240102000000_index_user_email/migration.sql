-- Hand-written: alone in its migration, so it runs outside any transaction.
CREATE INDEX CONCURRENTLY "User_email_idx" ON "User" ("email");
