// `npm run audit:verify` as a user runs it: a separate process over a DATA_DIR.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { openPGlite } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { appendAudit, systemActor } from './ledger.ts';

const run = promisify(execFile);
const cli = path.resolve(import.meta.dirname, '../../cli/audit-verify.ts');

async function verifyCli(dataDir: string) {
  try {
    const { stdout } = await run(process.execPath, [cli], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        DEMO: 'true',
        LOG_LEVEL: 'silent',
      },
    });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, out: e.stderr };
  }
}

async function withDb<T>(
  dataDir: string,
  fn: (db: Awaited<ReturnType<typeof openPGlite>>) => Promise<T>,
) {
  const database = await openPGlite(dataDir);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

describe('npm run audit:verify', () => {
  let dataDir: string;
  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygov-audit-'));
    await withDb(dataDir, async ({ db }) => {
      await migrate(db);
      for (let i = 0; i < 12; i++) {
        await db.transaction().execute((trx) =>
          appendAudit(trx, {
            actor: systemActor,
            action: 'test.write',
            subjectType: 'thing',
            subjectId: i,
            regionCode: '500103',
            data: { i },
          }),
        );
      }
    });
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('exits 0 on an intact ledger', async () => {
    const result = await verifyCli(dataDir);
    assert.equal(result.code, 0, result.out);
    assert.match(result.out, /intact: 12 entries/);
  });

  it('exits non-zero naming the entry after a row is edited', async () => {
    const victimId = await withDb(dataDir, async ({ db }) => {
      const victim = await db
        .selectFrom('audit_log')
        .select(['id'])
        .orderBy('id')
        .offset(5)
        .limit(1)
        .executeTakeFirstOrThrow();
      await sql.raw('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only').execute(db);
      await sql.raw(`UPDATE audit_log SET purpose = 'forged' WHERE id = ${victim.id}`).execute(db);
      return victim.id;
    });
    const result = await verifyCli(dataDir);
    assert.notEqual(result.code, 0);
    assert.match(result.out, new RegExp(`row id ${victimId}\\)`));
  });
});
