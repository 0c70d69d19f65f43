-- Legacy first migration, skipped by the CLI.
CREATE EXTENSION IF NOT EXISTS pgcrypto;
