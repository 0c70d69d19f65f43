CREATE INDEX CONCURRENTLY notes_pinned_idx ON notes (pinned);
