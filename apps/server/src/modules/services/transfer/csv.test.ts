import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CsvSyntaxError, readCsv, writeCsv } from './csv.ts';
import { decodeList, decodeRecords, encodeList, encodeRecords } from './cell-codec.ts';

describe('CSV', () => {
  it('round-trips commas, quotes, line breaks, padding and formula-like text', () => {
    const rows = [
      ['a', 'b,c', 'say "hi"'],
      ['line1\nline2', ' padded ', '=SUM(A1)'],
      ['-5', "'quoted", '@home'],
      ['', '中文，全角', '+86'],
    ];
    const text = writeCsv(rows);
    assert.ok(text.startsWith('\uFEFF'));
    assert.ok(text.includes("'=SUM(A1)")); // a spreadsheet will not run it
    assert.deepEqual(readCsv(text), rows);
  });

  it('keeps blank records so numbers match the sheet rows', () => {
    assert.deepEqual(readCsv('h1,h2\r\n\r\nx,y\r\n'), [['h1', 'h2'], [''], ['x', 'y']]);
  });

  it('reports the record of a broken quote', () => {
    assert.throws(
      () => readCsv('h\n"ok"\n"never closed\n'),
      (e: unknown) => e instanceof CsvSyntaxError && e.row === 3,
    );
    assert.throws(() => readCsv('h\nab"c\n'), CsvSyntaxError);
  });
});

describe('cell codec', () => {
  it('round-trips lists whose values hold the separators', () => {
    const values = ['a|b', 'back\\slash', 'two\nlines', '中文'];
    assert.deepEqual(decodeList(encodeList(values)), values);
    assert.deepEqual(decodeList(''), []);
  });

  it('round-trips records, dropping trailing empty fields', () => {
    const cell = encodeRecords([
      ['居民身份证', 'original+copy', 1, 'required', null, 'applicant', 'id_card'],
      ['授权委托书', 'original', 1, 'conditional', '委托|代办的', 'applicant', null],
    ]);
    assert.equal(cell.split('\n')[1], '授权委托书|original|1|conditional|委托\\|代办的|applicant');
    assert.deepEqual(decodeRecords(cell), [
      ['居民身份证', 'original+copy', '1', 'required', '', 'applicant', 'id_card'],
      ['授权委托书', 'original', '1', 'conditional', '委托|代办的', 'applicant'],
    ]);
  });
});
