import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createCipher } from '../platform/crypto/personal-data.ts';
import { isValidMobile, isValidResidentId, isValidUscc } from '../platform/crypto/identifiers.ts';
import { verifyPassword } from '../platform/auth/passwords.ts';
import type { AppContext } from '../platform/http/context.ts';
import { disableDemoAccounts } from '../platform/people/accounts-service.ts';
import {
  databaseKinds,
  openTestDatabase,
  testConfig,
  type TestDatabase,
} from '../test-support/harness.ts';
import { registerDemoSeeder, unregisterDemoSeeder, type ProgressReporter } from './registry.ts';
import { DEMO_PERSONS, seedDemoCity } from './seed-demo-city.ts';

const centralPinyin = [
  'yuzhong',
  'dadukou',
  'jiangbei',
  'shapingba',
  'jiulongpo',
  'nanan',
  'beibei',
  'yubei',
  'banan',
];
const centralCodes = [
  '500103',
  '500104',
  '500105',
  '500106',
  '500107',
  '500108',
  '500109',
  '500112',
  '500113',
];
const cityRoles = [
  'admin',
  'clerk',
  'reviewer',
  'approver',
  'dispatcher',
  'handler',
  'inspector',
  'calltaker',
  'supervisor',
  'leader',
  'gridworker',
];

const digest = (rows: unknown) => createHash('sha256').update(JSON.stringify(rows)).digest('hex');
// Only this file's seeders: other modules' demo data is theirs to test.
const seeders = ['test-earlier', 'test-later'];
const silent: ProgressReporter = { start: () => ({ update() {}, stop() {} }) };

for (const kind of databaseKinds()) {
  describe(`demo city (${kind})`, () => {
    const key = randomBytes(32);
    let first: TestDatabase;
    let second: TestDatabase;
    let a: AppContext;
    let b: AppContext;
    const seederRuns: string[] = [];

    const contextOf = (database: TestDatabase): AppContext => ({
      config: testConfig({ isDemo: true }),
      db: database.db,
      dbKind: database.kind,
      cipher: createCipher(key),
    });

    before(async () => {
      registerDemoSeeder('test-later', async () => void seederRuns.push('later'), {
        dependsOn: ['test-earlier'],
      });
      registerDemoSeeder('test-earlier', async (seed) => {
        assert.equal(seed.places.central.length, 9);
        seederRuns.push('earlier');
      });
      first = await openTestDatabase(kind);
      second = await openTestDatabase(kind);
      a = contextOf(first);
      b = contextOf(second);
      await seedDemoCity(a, { seeders });
      await seedDemoCity(b, { seeders });
    });
    after(async () => {
      unregisterDemoSeeder('test-later');
      unregisterDemoSeeder('test-earlier');
      await first.close();
      await second.close();
    });

    const usernames = (ctx: AppContext) =>
      ctx.db.selectFrom('users').select('username').orderBy('username').execute();
    const personRows = (ctx: AppContext) =>
      ctx.db
        .selectFrom('persons')
        .select(['name', 'region_code', 'id_number_hash', 'phone_hash', 'address'])
        // Concurrent batches on PostgreSQL may insert in another order: compare as a set.
        .orderBy('id_number_hash')
        .execute();

    it('gives identical accounts and persons on two seeds', async () => {
      const [ua, ub] = [await usernames(a), await usernames(b)];
      assert.ok(ua.length > 300);
      assert.deepEqual(ua, ub);
      const [pa, pb] = [await personRows(a), await personRows(b)];
      assert.equal(pa.length, DEMO_PERSONS);
      assert.deepEqual(pa, pb);
      assert.equal(new Set(pa.map((p) => p.id_number_hash)).size, pa.length);
    });

    it('creates the guessable demo accounts, all marked demo, with the password demo', async () => {
      const users = await a.db
        .selectFrom('users')
        .select(['username', 'is_demo', 'password_hash'])
        .execute();
      const names = new Set(users.map((u) => u.username));
      const expected = [
        ...cityRoles,
        ...centralPinyin.flatMap((d) => cityRoles.map((r) => `${r}.${d}`)),
        ...Array.from({ length: 9 }, (_, i) => `citizen${i + 1}`),
        'enterprise1',
        'reviewer.scjgj',
        'reviewer.yuzhong.gaj',
        'handler.wanzhou',
        'clerk.pengshui',
        'handler.fengdu',
      ];
      for (const name of expected) assert.ok(names.has(name), `missing ${name}`);
      assert.ok(users.every((u) => u.is_demo));
      assert.equal(new Set(users.map((u) => u.password_hash)).size, 1, 'one hash, made once');
      assert.equal(await verifyPassword(users[0]!.password_hash, 'demo'), true);
    });

    it('scopes district staff to their district and a sensible department', async () => {
      const scoped = await a.db
        .selectFrom('users as u')
        .innerJoin('user_roles as r', 'r.user_id', 'u.id')
        .leftJoin('departments as d', 'd.id', 'u.department_id')
        .leftJoin('departments as rd', 'rd.id', 'r.department_id')
        .select(['u.username', 'r.role', 'r.region_code', 'd.code as home', 'rd.code as bound'])
        .where('u.username', 'in', [
          'handler.yuzhong',
          'handler.jiangbei',
          'clerk.yuzhong',
          'dispatcher.yuzhong',
          'gridworker.nanan',
          'handler',
        ])
        .orderBy('u.username')
        .execute();
      assert.deepEqual(scoped, [
        {
          username: 'clerk.yuzhong',
          role: 'clerk',
          region_code: '500103',
          home: '500103-ZWB',
          bound: null,
        },
        {
          username: 'dispatcher.yuzhong',
          role: 'dispatcher',
          region_code: '500103',
          home: '500103-CGJ',
          bound: null,
        },
        {
          username: 'gridworker.nanan',
          role: 'grid_worker',
          region_code: '500108',
          home: null,
          bound: null,
        },
        {
          username: 'handler',
          role: 'handler',
          region_code: '500000',
          home: 'CQ-CGJ',
          bound: null,
        },
        {
          username: 'handler.jiangbei',
          role: 'handler',
          region_code: '500105',
          home: '500105-CGJ',
          bound: '500105-CGJ',
        },
        {
          username: 'handler.yuzhong',
          role: 'handler',
          region_code: '500103',
          home: '500103-CGJ',
          bound: '500103-CGJ',
        },
      ]);
    });

    it('gives citizens valid fictional IDs of their central district and valid phones', async () => {
      const citizens = await a.db
        .selectFrom('users as u')
        .innerJoin('persons as p', 'p.id', 'u.person_id')
        .select([
          'u.username',
          'u.region_code',
          'p.id_number_enc',
          'p.phone_enc',
          'p.region_code as home',
        ])
        .where('u.kind', '=', 'citizen')
        .orderBy('u.username')
        .execute();
      assert.equal(citizens.length, 9);
      for (const c of citizens) {
        const id = a.cipher.decrypt(c.id_number_enc);
        assert.ok(isValidResidentId(id), id);
        assert.ok(centralCodes.includes(id.slice(0, 6)), id);
        assert.equal(id.slice(0, 6), c.region_code);
        assert.ok(c.home.startsWith(c.region_code));
        assert.ok(isValidMobile(a.cipher.decrypt(c.phone_enc!)));
      }
      const enterprise = await a.db
        .selectFrom('users as u')
        .innerJoin('enterprises as e', 'e.id', 'u.enterprise_id')
        .select(['e.uscc', 'e.region_code'])
        .where('u.username', '=', 'enterprise1')
        .executeTakeFirstOrThrow();
      assert.ok(isValidUscc(enterprise.uscc));
      assert.equal(enterprise.region_code, '500103');
    });

    it('generates persons with valid IDs starting with their real district code', async () => {
      const persons = await a.db
        .selectFrom('persons')
        .select(['id_number_enc', 'region_code'])
        .limit(500)
        .execute();
      const districts = new Set(
        (await a.db.selectFrom('divisions').select('code').where('level', '=', 2).execute()).map(
          (d) => d.code,
        ),
      );
      for (const p of persons) {
        const id = a.cipher.decrypt(p.id_number_enc);
        assert.ok(isValidResidentId(id), id);
        assert.ok(districts.has(id.slice(0, 6)));
        assert.ok(p.region_code.startsWith(id.slice(0, 6)));
      }
    });

    it('does nothing on a second seed and runs module seeders once, in order', async () => {
      const before = await usernames(a);
      const report = await seedDemoCity(a, { seeders });
      assert.equal(report.isCoreSeeded, false);
      assert.deepEqual(report.seeders, []);
      assert.deepEqual(await usernames(a), before);
      assert.deepEqual(seederRuns, ['earlier', 'later', 'earlier', 'later']);
    });

    it('resumes the large scale where an interrupted run stopped, with the same rows', async () => {
      const controller = new AbortController();
      const abortAfterFirstBatch: ProgressReporter = {
        start: () => ({ update: () => controller.abort(), stop() {} }),
      };
      const options = { scale: 'large' as const, largePersons: 2_500, batchSize: 500, seeders };
      await assert.rejects(
        seedDemoCity(a, { ...options, progress: abortAfterFirstBatch, signal: controller.signal }),
        (e: Error) => e.name === 'AbortError',
      );
      const count = async (ctx: AppContext) =>
        Number(
          (
            await ctx.db
              .selectFrom('persons')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const partial = (await count(a)) - DEMO_PERSONS;
      assert.ok(partial > 0 && partial < 2_500, `${partial} after the interruption`);
      const resumed = await seedDemoCity(a, { ...options, progress: silent });
      assert.equal(resumed.large!.inserted, 2_500 - partial);
      assert.equal(await count(a), DEMO_PERSONS + 2_500);
      await seedDemoCity(b, { ...options, progress: silent });
      const [ra, rb] = [await personRows(a), await personRows(b)];
      assert.equal(ra.length, rb.length);
      // A digest: a failing deepEqual of 7,500 rows would print them all.
      assert.equal(digest(ra), digest(rb));
      const again = await seedDemoCity(a, { ...options, progress: silent });
      assert.equal(again.large!.inserted, 0);
    });

    it('disables every demo account on request', async () => {
      const disabled = await disableDemoAccounts(b.db);
      assert.ok(disabled > 300);
      const enabled = await b.db
        .selectFrom('users')
        .select('id')
        .where('is_demo', '=', true)
        .where('is_disabled', '=', false)
        .execute();
      assert.equal(enabled.length, 0);
    });
  });
}
