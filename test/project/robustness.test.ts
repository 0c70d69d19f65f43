import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryFs } from '../../server/src/analysis/project/fs';
import { discoverRoots, findRootForFile, migrationLintContext, rootAt } from '../../server/src/analysis/project/project';
import { TOOL_IDS } from '../../server/src/analysis/project/types';

const ODD_FILES: Record<string, string> = {
  '/w/a/1_empty.sql': '',
  '/w/a/2_junk.sql': '\u0000\uffff-- +goose\n-- migrate:\n--changeset\n/* liquibase rollback\n',
  '/w/a/99999999999999999999999999999999999999999999999_huge.up.sql': 'SELECT 1;',
  '/w/a/3_crlf.sql': '-- +goose Up\r\n-- +goose StatementBegin\r\nSELECT 1;\r\n-- +goose Down\r\n',
  '/w/a/meta/_journal.json': '{"entries": [null, 3, {"tag": 5}, {"tag": "x", "when": "soon"}]',
  '/w/a/V1__x.sql.conf': 'executeInTransaction',
  '/w/a/4/up.sql': '',
  '/w/a/5_dir/migration.sql': '--> statement-breakpoint',
  '/w/a/metadata.toml': '[[[',
  '/w/package.json': '[1, 2',
  '/w/go.mod': '',
  '/w/Cargo.toml': 'sqlx = ',
};

test('every tool survives odd and broken files without throwing', () => {
  const fs = memoryFs(ODD_FILES);
  for (const tool of TOOL_IDS) {
    const root = rootAt('/w/a', fs, { explicitRoots: [{ dir: '/w/a', tool }] });
    assert.ok(root, tool);
    for (const file of Object.keys(ODD_FILES)) migrationLintContext(root, file);
  }
  assert.doesNotThrow(() => discoverRoots('/w', fs));
  for (const file of Object.keys(ODD_FILES)) assert.doesNotThrow(() => findRootForFile(file, fs), file);
});

test('a 700-migration goose project loads quickly', () => {
  const files: Record<string, string> = { '/w/go.mod': 'require github.com/pressly/goose/v3 v3.0.0' };
  for (let i = 1; i <= 700; i++) {
    files[`/w/db/${String(i).padStart(5, '0')}_step_${i}.sql`] = `-- +goose Up\nALTER TABLE t ADD COLUMN c${i} int;\n\n-- +goose Down\nALTER TABLE t DROP COLUMN c${i};\n`;
  }
  const fs = memoryFs(files);
  const started = performance.now();
  const root = findRootForFile('/w/db/00700_step_700.sql', fs)!;
  const elapsed = performance.now() - started;
  assert.equal(root.migrations.length, 700);
  assert.equal(root.migrations[699].id, '00700_step_700.sql');
  // Generous: the budget for first diagnostics, replay included, is 1 s.
  assert.ok(elapsed < 500, `took ${elapsed.toFixed(0)} ms`);
});
