/**
 * Recipes 8 and 9 (issue #5): ADD UNIQUE and ADD PRIMARY KEY through a unique index built
 * concurrently, then ADD CONSTRAINT … USING INDEX; proven on PGlite with rows seeded first.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import { closeDatabase, columnNotNull, constraintValidated, indexValid, proveFix, rows, settingsFor, writeProject } from './harness';

after(closeDatabase);

const SEED = "INSERT INTO accounts (id, email) SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 400) g;";

function dbmateProject(risky: string): string {
  return writeProject({
    'db/migrations/20240101000000_create_accounts.sql': '-- migrate:up\nCREATE TABLE accounts (id bigint, email text);\n\n-- migrate:down\nDROP TABLE accounts;\n',
    'db/migrations/20240102000000_constrain_accounts.sql': `-- migrate:up\n${risky}\n\n-- migrate:down\nSELECT 1;\n`,
  });
}

describe('recipe 8: ADD UNIQUE → CREATE UNIQUE INDEX CONCURRENTLY, then UNIQUE USING INDEX', () => {
  test('dbmate: a transaction:false migration builds the index, the next one attaches it', async () => {
    const dir = dbmateProject('ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE (email);');
    const result = await proveFix({
      dir,
      file: 'db/migrations/20240102000000_constrain_accounts.sql',
      ruleId: 'disallowed-unique-constraint',
      settings: settingsFor(16),
      seedBefore: { '20240102000000': SEED },
      facts: async (db) => {
        assert.equal(await indexValid(db, 'accounts_email_key'), true);
        const found = await rows<{ contype: string }>(db, "SELECT contype FROM pg_constraint WHERE conname = 'accounts_email_key'");
        assert.deepEqual(found, [{ contype: 'u' }]);
        await assert.rejects(db.exec("INSERT INTO accounts VALUES (9999, 'user1@example.com')"), /accounts_email_key/);
      },
    });
    assert.deepEqual(result.created.map((p) => basename(p)), ['20240102000001_index_accounts_email_key_concurrently.sql', '20240102000002_add_accounts_email_key.sql']);
    assert.match(readFileSync(result.created[0], 'utf8'), /^-- migrate:up transaction:false\n[\s\S]*CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS accounts_email_key ON accounts \(email\);/);
    assert.match(readFileSync(result.created[1], 'utf8'), /ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE USING INDEX accounts_email_key;/);
  });
});

describe('recipe 9: ADD PRIMARY KEY → NOT NULL proven first, unique index concurrently, PRIMARY KEY USING INDEX', () => {
  test('dbmate: CHECK NOT VALID now, the index next, then VALIDATE, the key and the CHECK dropped', async () => {
    const dir = dbmateProject('ALTER TABLE accounts ADD PRIMARY KEY (id);');
    const result = await proveFix({
      dir,
      file: 'db/migrations/20240102000000_constrain_accounts.sql',
      ruleId: 'adding-serial-primary-key-field',
      settings: settingsFor(16),
      seedBefore: { '20240102000000': SEED },
      facts: async (db) => {
        const found = await rows<{ contype: string }>(db, "SELECT contype FROM pg_constraint WHERE conname = 'accounts_pkey'");
        assert.deepEqual(found, [{ contype: 'p' }]);
        assert.equal(await columnNotNull(db, 'accounts', 'id'), true);
        assert.equal(await constraintValidated(db, 'accounts_id_not_null'), undefined, 'the helper CHECK is dropped');
      },
    });
    assert.match(result.text, /ALTER TABLE accounts ADD CONSTRAINT accounts_id_not_null CHECK \(id IS NOT NULL\) NOT VALID;/);
    const attach = readFileSync(result.created[1], 'utf8');
    assert.match(attach, /VALIDATE CONSTRAINT accounts_id_not_null;[\s\S]*ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_pkey;[\s\S]*DROP CONSTRAINT accounts_id_not_null;/);
  });
});
