ALTER TABLE notes ADD COLUMN pinned boolean DEFAULT false;
