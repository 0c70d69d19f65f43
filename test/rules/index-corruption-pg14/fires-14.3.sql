-- settings: {"postgresVersion": "14.3"}
-- expect: index-corruption-pg14@3
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON users (email);
