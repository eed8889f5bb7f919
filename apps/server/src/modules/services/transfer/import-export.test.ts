import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import {
  createUser,
  databaseKinds,
  loginAs,
  startTestApp,
  type Session,
  type TestApp,
} from '../../../test-support/harness.ts';
import { findTestDepartments, sampleItemBody } from '../test-fixtures.ts';
import { readCsv, writeCsv } from './csv.ts';

for (const kind of databaseKinds()) {
  describe(`catalogue import and export (${kind})`, () => {
    let t: TestApp;
    let admin: Session;
    let cityDeptCode: string;

    const exportAs = async (format: 'csv' | 'xlsx') => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/admin/services/items/export?format=${format}`,
        headers: admin.headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      return res;
    };
    const importCsv = (csv: string, query = '') =>
      t.app.inject({
        method: 'POST',
        url: `/api/admin/services/items/import?format=csv${query}`,
        headers: { ...admin.headers, 'content-type': 'text/csv' },
        payload: csv,
      });
    const countItems = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('service_items')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const exportedRows = async () => readCsv((await exportAs('csv')).body);

    before(async () => {
      t = await startTestApp(kind);
      const { city, yuzhong } = await findTestDepartments(t.ctx.db);
      cityDeptCode = city.code;
      await createUser(t.ctx, { username: 'admin', roles: [{ role: 'admin' }] });
      admin = await loginAs(t.app, 'admin');
      for (const body of [
        sampleItemBody(city.id),
        sampleItemBody(city.id, {
          typeCode: 'GG',
          mainCode: '00077',
          subCode: '002',
          name: '城市道路挖掘修复费|缴纳咨询',
          isLicensing: false,
          issuedLicenceType: null,
          fee: { isFree: false, amountYuan: 12.5, basis: '渝价〔2004〕1号, 按面积计收' },
          keywords: ['挖掘, 修复', '=公式'],
          conditions: '第一行\n第二行，"引号"',
        }),
        sampleItemBody(yuzhong.id, { mainCode: '00078' }),
      ]) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/admin/services/items',
          headers: admin.headers,
          payload: body,
        });
        assert.equal(res.statusCode, 201, res.body);
      }
    });
    after(() => t.close());

    it('exports CSV that imports back unchanged', async () => {
      const res = await exportAs('csv');
      assert.match(String(res.headers['content-type']), /^text\/csv/);
      assert.match(
        String(res.headers['content-disposition']),
        /attachment; filename="service-items-\d{8}\.csv"/,
      );
      const rows = readCsv(res.body);
      assert.equal(rows.length, 4);
      assert.equal(rows[0]![0], 'code');
      const back = await importCsv(res.body);
      assert.equal(back.statusCode, 200, back.body);
      assert.deepEqual(back.json(), {
        rows: 3,
        created: 0,
        updated: 0,
        unchanged: 3,
        rejected: 0,
        isApplied: true,
        errors: [],
      });
    });

    it('exports XLSX that imports back unchanged, as a multipart upload', async () => {
      const res = await exportAs('xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      assert.equal(workbook.getWorksheet('事项目录')?.rowCount, 4);
      assert.ok(workbook.getWorksheet('填写说明'));
      const boundary = '----citygov-test';
      const payload = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="catalogue.xlsx"\r\n` +
            'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
        ),
        res.rawPayload,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const back = await t.app.inject({
        method: 'POST',
        url: '/api/admin/services/items/import',
        headers: { ...admin.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
      assert.equal(back.statusCode, 200, back.body);
      assert.equal(back.json().unchanged, 3);
      assert.equal(back.json().updated, 0);
    });

    it('updates a changed row and creates a new one from an edited XLSX sent as JSON', async () => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await exportAs('xlsx')).rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('事项目录')!;
      const header = (sheet.getRow(1).values as unknown[]).map(String);
      const column = (key: string) => header.indexOf(key);
      let target = 0;
      sheet.eachRow((row, n) => {
        if (row.getCell(column('code')).value === `500000-${cityDeptCode}-XK00901000`) target = n;
      });
      sheet.getRow(target).getCell(column('legalLimitDays')).value = 25;
      const copy = sheet.getRow(target).values as unknown[];
      const added = sheet.addRow(copy.slice(1));
      added.getCell(column('code')).value = null;
      added.getCell(column('mainCode')).value = 450; // as a spreadsheet would store 00450
      added.getCell(column('name')).value = '城市建筑垃圾处置核准（延续）';
      const content = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/admin/services/items/import',
        headers: admin.headers,
        payload: { format: 'xlsx', content },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().created, 1);
      assert.equal(res.json().updated, 1);
      const item = await t.app.inject({
        method: 'GET',
        url: `/api/services/items/500000-${cityDeptCode}-XK00450000`,
      });
      assert.equal(item.json().name, '城市建筑垃圾处置核准（延续）');
      const audit = await t.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject_id', '=', `500000-${cityDeptCode}-XK00901000`)
        .where('action', '=', 'services.item.update')
        .execute();
      assert.equal(audit.length, 1);
    });

    it('imports a clean sheet of new items, all of them, audited', async () => {
      const rows = await exportedRows();
      const header = rows[0]!;
      const at = (key: string) => header.indexOf(key);
      const fresh = rows.slice(1).map((r, i) => {
        const row = [...r];
        row[at('code')] = '';
        row[at('mainCode')] = String(700 + i).padStart(5, '0');
        row[at('name')] = `${r[at('name')]}（新）`;
        return row;
      });
      const before = await countItems();
      const res = await importCsv(writeCsv([header, ...fresh]));
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(
        { created: res.json().created, updated: res.json().updated, errors: res.json().errors },
        { created: fresh.length, updated: 0, errors: [] },
      );
      assert.equal(await countItems(), before + fresh.length);
      const rowOfCode = fresh.find(
        (r) => r[at('typeCode')] === 'XK' && r[at('departmentCode')] === cityDeptCode,
      );
      assert.ok(rowOfCode);
      const item = await t.app.inject({
        method: 'GET',
        url: `/api/services/items/500000-${cityDeptCode}-XK${rowOfCode[at('mainCode')]}000`,
      });
      assert.equal(item.statusCode, 200, item.body);
      assert.equal(item.json().materials.length, 3);
      const audit = await t.ctx.db
        .selectFrom('audit_log')
        .select('subject_id')
        .where('action', '=', 'services.item.create')
        .where('subject_id', 'like', '%-XK007%')
        .execute();
      assert.ok(audit.length >= 1);
    });

    it('reports every bad row by row and column and writes nothing', async () => {
      const rows = await exportedRows();
      const header = rows[0]!;
      const at = (key: string) => header.indexOf(key);
      const before = await countItems();
      const good = [...rows[1]!];
      good[at('code')] = '';
      good[at('mainCode')] = '00500';
      const badLimit = [...good];
      badLimit[at('mainCode')] = '00501';
      badLimit[at('legalLimitDays')] = '6';
      badLimit[at('promisedLimitDays')] = '7';
      const badDept = [...good];
      badDept[at('mainCode')] = '00502';
      badDept[at('departmentCode')] = 'CQ-NOPE';
      const badMaterial = [...good];
      badMaterial[at('mainCode')] = '00503';
      badMaterial[at('materials')] = '申请表|original|1|required\n委托书|original|x|conditional';
      const csv = writeCsv([header, good, badLimit, badDept, badMaterial]);
      const res = await importCsv(csv);
      assert.equal(res.statusCode, 400);
      const body = res.json();
      assert.equal(body.code, 'validation_failed');
      const errors = body.details.errors as Array<{ row: number; column: string; message: string }>;
      assert.deepEqual(
        errors.map((e) => [e.row, e.column]),
        [
          [3, 'promisedLimitDays'],
          [4, 'departmentCode'],
          [5, 'materials'],
        ],
      );
      assert.match(errors[2]!.message, /^line 2: /);
      assert.equal(body.details.rejected, 3);
      assert.equal(body.details.isApplied, false);
      assert.equal(await countItems(), before);
    });

    it('imports the good rows only when asked, and checks without writing on a dry run', async () => {
      const rows = await exportedRows();
      const header = rows[0]!;
      const at = (key: string) => header.indexOf(key);
      const good = [...rows[1]!];
      good[at('code')] = '';
      good[at('mainCode')] = '00600';
      const bad = [...good];
      bad[at('mainCode')] = '00601';
      bad[at('visits')] = '5';
      const csv = writeCsv([header, good, bad]);
      const before = await countItems();
      const dry = await importCsv(csv, '&dryRun=true&mode=valid_only');
      assert.equal(dry.statusCode, 200);
      assert.equal(dry.json().isApplied, false);
      assert.equal(dry.json().created, 1);
      assert.equal(await countItems(), before);
      const res = await importCsv(csv, '&mode=valid_only');
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().created, 1);
      assert.equal(res.json().rejected, 1);
      assert.deepEqual(
        res.json().errors.map((e: { row: number; column: string }) => [e.row, e.column]),
        [[3, 'visits']],
      );
      assert.equal(await countItems(), before + 1);
    });

    it('refuses a sheet with unknown or missing columns, and a duplicate item', async () => {
      const header = await exportedRows().then((r) => r[0]!);
      const res = await importCsv(writeCsv([[...header.filter((h) => h !== 'name'), 'colour']]));
      assert.equal(res.statusCode, 400);
      const columns = res
        .json()
        .details.errors.map((e: { column: string }) => e.column)
        .sort();
      assert.deepEqual(columns, ['colour', 'name']);
      const rows = await exportedRows();
      const twice = await importCsv(writeCsv([rows[0]!, rows[1]!, rows[1]!]));
      assert.equal(twice.statusCode, 400);
      assert.deepEqual(
        twice.json().details.errors.map((e: { row: number; column: string }) => [e.row, e.column]),
        [[3, 'code']],
      );
      const notXlsx = await t.app.inject({
        method: 'POST',
        url: '/api/admin/services/items/import',
        headers: admin.headers,
        payload: { format: 'xlsx', content: Buffer.from('not a workbook').toString('base64') },
      });
      assert.equal(notXlsx.statusCode, 400);
      const brokenMultipart = await t.app.inject({
        method: 'POST',
        url: '/api/admin/services/items/import',
        headers: { ...admin.headers, 'content-type': 'multipart/form-data; boundary=x' },
        payload:
          '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nname\r\n',
      });
      assert.equal(brokenMultipart.statusCode, 400);
      assert.equal(brokenMultipart.json().details.field, 'file');
    });
  });
}
