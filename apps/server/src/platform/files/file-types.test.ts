import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DOCX_MEDIA_TYPE,
  OFD_MEDIA_TYPE,
  XLSX_MEDIA_TYPE,
  defaultAllowedMediaTypes,
  readAllowedMediaTypes,
  sniffMediaType,
} from './file-types.ts';
import { contentTypesXml, docxBytes, makeZip } from './zip-fixture.ts';
import { ConfigError } from '../config.ts';

describe('file type sniffing', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygov-sniff-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const sniff = async (name: string, bytes: Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return (await sniffMediaType(file)).mediaType;
  };

  it('names a DOCX and an XLSX from their package contents', async () => {
    assert.equal(await sniff('a.docx', docxBytes()), DOCX_MEDIA_TYPE);
    const xlsx = makeZip({
      '[Content_Types].xml': contentTypesXml(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
      ),
      'xl/workbook.xml': '<workbook/>',
    });
    assert.equal(await sniff('a.xlsx', xlsx), XLSX_MEDIA_TYPE);
  });

  it('names an OFD package when OFD.xml sits at the root of the zip', async () => {
    const ofd = makeZip({ 'OFD.xml': '<ofd:OFD/>', 'Doc_0/Document.xml': '<ofd:Document/>' });
    assert.equal(await sniff('a.ofd', ofd), OFD_MEDIA_TYPE);
  });

  it('leaves a plain zip as a zip when it holds no OFD.xml', async () => {
    const zip = makeZip({ 'readme.txt': 'hello', 'Doc/OFD.xml': 'nested, not root' });
    assert.equal(await sniff('a.zip', zip), 'application/zip');
  });

  it('names text and unknown binaries rather than trusting the name', async () => {
    assert.equal(await sniff('photo.jpg', Buffer.from('not a photo, 只是文字\n')), 'text/plain');
    assert.equal(
      await sniff('photo2.jpg', Buffer.from([0, 1, 2, 3, 250, 251, 252])),
      'application/octet-stream',
    );
  });

  it('reads the allowed types from UPLOAD_ALLOWED_TYPES, or the defaults when unset', () => {
    assert.deepEqual(readAllowedMediaTypes({}), defaultAllowedMediaTypes);
    assert.deepEqual(
      readAllowedMediaTypes({ UPLOAD_ALLOWED_TYPES: 'image/png, Application/PDF' }),
      ['image/png', 'application/pdf'],
    );
    assert.throws(
      () => readAllowedMediaTypes({ UPLOAD_ALLOWED_TYPES: 'png' }),
      (e) => e instanceof ConfigError && e.message.includes('UPLOAD_ALLOWED_TYPES'),
    );
  });
});
