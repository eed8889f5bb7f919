import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createUser,
  databaseKinds,
  loginAs,
  startTestApp,
  type Session,
  type TestApp,
} from '../../test-support/harness.ts';
import { loadUserPrincipal } from '../auth/sessions.ts';
import { linkFile, registerFileAccess } from './index.ts';
import { docxBytes } from './zip-fixture.ts';

// A real 1×1 PNG, and one more that differs in its last bytes.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const otherPng = Buffer.concat([png, Buffer.from('extra')]);
const maxBytes = 4096;
const boundary = '----citygov-test-boundary';

function multipart(
  parts: Array<{ field: string; filename?: string; type?: string; bytes: Buffer }>,
) {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const filename = p.filename === undefined ? '' : `; filename="${p.filename}"`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.field}"${filename}\r\n` +
          `Content-Type: ${p.type ?? (p.filename ? 'application/octet-stream' : 'text/plain')}\r\n\r\n`,
      ),
      p.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every file under DATA_DIR/files except the staging folder. */
function storedFiles(dataDir: string): string[] {
  const root = path.join(dataDir, 'files');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => !f.startsWith('.tmp') && fs.statSync(path.join(root, f)).isFile());
}

const stagedLeftovers = (dataDir: string) => {
  const tmp = path.join(dataDir, 'files', '.tmp');
  return fs.existsSync(tmp) ? fs.readdirSync(tmp) : [];
};

for (const kind of databaseKinds()) {
  describe(`files (${kind})`, () => {
    let t: TestApp;
    let dataDir: string;
    let alice: Session;
    let bob: Session;
    let carol: Session;
    let dave: Session;
    let carolId: number;

    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygov-files-'));
      t = await startTestApp(kind, { dataDir, uploadMaxBytes: maxBytes });
      await createUser(t.ctx, { username: 'alice', kind: 'citizen', regionCode: '500103' });
      await createUser(t.ctx, { username: 'bob', kind: 'citizen', regionCode: '500105' });
      carolId = await createUser(t.ctx, { username: 'carol', kind: 'citizen' });
      await createUser(t.ctx, { username: 'dave', roles: [{ role: 'handler' }] });
      alice = await loginAs(t.app, 'alice');
      bob = await loginAs(t.app, 'bob');
      carol = await loginAs(t.app, 'carol');
      dave = await loginAs(t.app, 'dave');
      // A module's rule: dave handles case-1, so he may see the files it uses.
      registerFileAccess(
        'test_case',
        async (principal, ownerId) => principal.username === 'dave' && ownerId === 'case-1',
      );
    });
    after(async () => {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const upload = (
      s: Session | null,
      parts: Parameters<typeof multipart>[0],
      extraHeaders: Record<string, string> = {},
    ) =>
      t.app.inject({
        method: 'POST',
        url: '/api/files',
        headers: {
          ...(s?.headers ?? {}),
          'content-type': `multipart/form-data; boundary=${boundary}`,
          ...extraHeaders,
        },
        payload: multipart(parts),
      });

    const download = (s: Session, sha256: string, query = '') =>
      t.app.inject({ method: 'GET', url: `/api/files/${sha256}${query}`, headers: s.headers });

    it('stores the same content once and answers the same sha256 to every uploader', async () => {
      const first = await upload(alice, [
        { field: 'file', filename: 'scan.png', type: 'image/png', bytes: png },
      ]);
      assert.equal(first.statusCode, 201, first.body);
      assert.deepEqual(first.json(), {
        sha256: sha256Of(png),
        size: png.length,
        mediaType: 'image/png',
        name: 'scan.png',
      });
      const again = await upload(bob, [
        { field: 'file', filename: 'mine.png', type: 'image/png', bytes: png },
      ]);
      assert.equal(again.statusCode, 201);
      assert.equal(again.json().sha256, sha256Of(png));
      assert.equal(again.json().name, 'mine.png');
      assert.deepEqual(storedFiles(dataDir), [path.join(sha256Of(png).slice(0, 2), sha256Of(png))]);
      assert.deepEqual(
        fs.readFileSync(path.join(dataDir, 'files', sha256Of(png).slice(0, 2), sha256Of(png))),
        png,
      );
      const rows = await t.ctx.db.selectFrom('files').selectAll().execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.created_by, `user:${alice.userId}`);
      assert.equal(rows[0]!.region_code, '500103');
    });

    it('serves the bytes to each uploader with type, nosniff and their own file name', async () => {
      const res = await download(bob, sha256Of(png));
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.rawPayload, png);
      assert.equal(res.headers['content-type'], 'image/png');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.match(String(res.headers['content-disposition']), /^inline; filename="mine\.png"/);
      const forced = await download(alice, sha256Of(png), '?download=true');
      assert.match(
        String(forced.headers['content-disposition']),
        /^attachment; filename="scan\.png"/,
      );
    });

    it('refuses a text file renamed .jpg with 415 naming the detected type', async () => {
      const res = await upload(alice, [
        {
          field: 'file',
          filename: 'photo.jpg',
          type: 'image/jpeg',
          bytes: Buffer.from('I am not a photo\n'),
        },
      ]);
      assert.equal(res.statusCode, 415);
      assert.equal(res.json().code, 'unsupported_media_type');
      assert.equal(res.json().details.detectedType, 'text/plain');
      assert.match(res.json().message, /text\/plain/);
      assert.equal(storedFiles(dataDir).length, 1);
      assert.deepEqual(stagedLeftovers(dataDir), []);
    });

    it('accepts a Word document and sends it as an attachment', async () => {
      const docx = docxBytes();
      const res = await upload(alice, [{ field: 'file', filename: '申请表.docx', bytes: docx }]);
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(
        res.json().mediaType,
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      assert.equal(res.json().name, '申请表.docx');
      const got = await download(alice, sha256Of(docx));
      assert.equal(got.statusCode, 200);
      assert.equal(
        got.headers['content-disposition'],
        `attachment; filename="___.docx"; filename*=UTF-8''${encodeURIComponent('申请表.docx')}`,
      );
    });

    it('refuses a file over uploadMaxBytes with 413 and keeps nothing', async () => {
      const big = Buffer.concat([png, Buffer.alloc(maxBytes)]);
      const res = await upload(alice, [{ field: 'file', filename: 'big.png', bytes: big }]);
      assert.equal(res.statusCode, 413);
      assert.equal(res.json().code, 'payload_too_large');
      const huge = await upload(alice, [
        { field: 'file', filename: 'huge.png', bytes: Buffer.alloc(200 * 1024) },
      ]);
      assert.equal(huge.statusCode, 413);
      const rows = await t.ctx.db.selectFrom('files').select('sha256').execute();
      assert.ok(!rows.some((r) => r.sha256 === sha256Of(big)));
      assert.deepEqual(stagedLeftovers(dataDir), []);
    });

    it('answers 404 to a stranger, exactly as for a file that does not exist', async () => {
      const stranger = await download(carol, sha256Of(png));
      assert.equal(stranger.statusCode, 404);
      const missing = await download(carol, 'a'.repeat(64));
      assert.equal(missing.statusCode, 404);
      assert.deepEqual(stranger.json().code, missing.json().code);
    });

    it('serves a file to whom the owner module allows once a record links it', async () => {
      const up = await upload(alice, [
        { field: 'file', filename: 'evidence.png', bytes: otherPng },
      ]);
      const sha256 = up.json().sha256 as string;
      assert.equal((await download(dave, sha256)).statusCode, 404);
      await linkFile(t.ctx.db, {
        sha256,
        ownerType: 'test_case',
        ownerId: 'case-1',
        regionCode: '500103',
        name: '现场照片.png',
      });
      const res = await download(dave, sha256);
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.rawPayload, otherPng);
      assert.match(String(res.headers['content-disposition']), /filename\*=UTF-8''%E7%8E%B0/);
      // The checker says no to carol, so the link does not open it to her.
      assert.equal((await download(carol, sha256)).statusCode, 404);
    });

    it('refuses to link a file the linking user may not see', async () => {
      const carolPrincipal = await loadUserPrincipal(t.ctx.db, carolId, {
        sessionId: null,
        isCookieAuth: false,
      });
      await assert.rejects(
        linkFile(t.ctx.db, {
          sha256: sha256Of(png),
          ownerType: 'test_case',
          ownerId: 'case-2',
          regionCode: '500000',
          by: carolPrincipal!,
        }),
        (e: { code?: string }) => e.code === 'not_found',
      );
    });

    it('answers 400 naming the file when the multipart body is malformed', async () => {
      const cases: Array<[string, string]> = [
        ['multipart/form-data', 'junk'],
        [`multipart/form-data; boundary=${boundary}`, 'junk'],
        [
          `multipart/form-data; boundary=${boundary}`,
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc`,
        ],
      ];
      for (const [contentType, payload] of cases) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/files',
          headers: { ...alice.headers, 'content-type': contentType },
          payload,
        });
        assert.equal(res.statusCode, 400, `${contentType} ${payload}: ${res.body}`);
        assert.equal(res.json().details.field, 'file');
      }
      assert.deepEqual(stagedLeftovers(dataDir), []);
    });

    it('answers 401 to an anonymous upload and 400 naming the field for bad input', async () => {
      const anonymous = await upload(null, [{ field: 'file', filename: 'a.png', bytes: png }]);
      assert.equal(anonymous.statusCode, 401);
      const wrongPart = await upload(alice, [{ field: 'document', filename: 'a.png', bytes: png }]);
      assert.equal(wrongPart.statusCode, 400);
      assert.equal(wrongPart.json().details.field, 'document');
      const noFile = await upload(alice, [{ field: 'note', bytes: Buffer.from('hello') }]);
      assert.equal(noFile.statusCode, 400);
      assert.equal(noFile.json().details.field, 'file');
      const json = await t.app.inject({
        method: 'POST',
        url: '/api/files',
        headers: alice.headers,
        payload: { file: 'x' },
      });
      assert.equal(json.statusCode, 400);
      assert.equal(json.json().details.field, 'file');
      const badHash = await download(alice, 'not-a-hash');
      assert.equal(badHash.statusCode, 400);
      assert.equal(badHash.json().details.field, 'sha256');
    });
  });
}
