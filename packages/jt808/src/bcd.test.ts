import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { decodeBcd, decodeBcdTime, encodeBcd, encodeBcdTime } from './bcd.ts';
import { fromHex, toHex } from './test-support.ts';

describe('BCD', () => {
  it('does read two digits per byte, high nibble first', () => {
    assert.equal(decodeBcd(fromHex('01 38 00 13 80 00')), '013800138000');
  });

  it('does refuse nibbles above 9', () => {
    assert.equal(decodeBcd(fromHex('01 3A')), null);
    assert.equal(decodeBcd(fromHex('F1')), null);
  });

  it('does left-pad with zeros to the field width when encoding', () => {
    assert.equal(toHex(encodeBcd('13800138000', 6)), '013800138000');
    assert.equal(toHex(encodeBcd('13800138000', 10)), '00000000013800138000');
  });

  it('does refuse non-digits and numbers wider than the field', () => {
    assert.throws(() => encodeBcd('1380013800A', 6), RangeError);
    assert.throws(() => encodeBcd('1234567890123', 6), RangeError);
  });
});

describe('BCD time (GMT+8)', () => {
  it('does convert Beijing wall time to the UTC instant eight hours earlier', () => {
    // 2024-03-15 14:30:05 in GMT+8 is 06:30:05 UTC.
    assert.equal(
      decodeBcdTime(fromHex('24 03 15 14 30 05'))?.toISOString(),
      '2024-03-15T06:30:05.000Z',
    );
  });

  it('does move to the previous UTC day before 08:00 Beijing time', () => {
    // 2024-01-01 07:30:00 GMT+8 is still 2023-12-31 in UTC.
    assert.equal(
      decodeBcdTime(fromHex('24 01 01 07 30 00'))?.toISOString(),
      '2023-12-31T23:30:00.000Z',
    );
  });

  it('does refuse impossible dates and non-BCD digits', () => {
    assert.equal(decodeBcdTime(fromHex('24 13 01 00 00 00')), null, 'month 13');
    assert.equal(decodeBcdTime(fromHex('23 02 29 00 00 00')), null, '29 February 2023');
    assert.equal(decodeBcdTime(fromHex('24 01 01 24 00 00')), null, 'hour 24');
    assert.equal(decodeBcdTime(fromHex('24 01 0A 00 00 00')), null, 'nibble A');
    assert.equal(decodeBcdTime(fromHex('00 00 00 00 00 00')), null, 'all zero');
    assert.equal(decodeBcdTime(fromHex('24 04 31 00 00 00')), null, '31 April');
    assert.equal(decodeBcdTime(fromHex('24 02 30 00 00 00')), null, '30 February 2024');
    assert.equal(decodeBcdTime(fromHex('24 01 32 00 00 00')), null, '32 January');
    assert.equal(decodeBcdTime(fromHex('24 01 01 00 60 00')), null, 'minute 60');
  });

  it('does read the six bytes at an offset of a larger body', () => {
    const body = fromHex('FF FF 24 03 15 14 30 05 FF');
    assert.equal(decodeBcdTime(body, 2)?.toISOString(), '2024-03-15T06:30:05.000Z');
    assert.equal(decodeBcdTime(body, 4), null, 'runs past the end');
    assert.equal(decodeBcdTime(body), null, 'a whole field is six bytes');
  });

  it('does accept 29 February of a leap year', () => {
    assert.equal(
      decodeBcdTime(fromHex('24 02 29 12 00 00'))?.toISOString(),
      '2024-02-29T04:00:00.000Z',
    );
    assert.equal(
      decodeBcdTime(fromHex('00 02 29 12 00 00'))?.toISOString(),
      '2000-02-29T04:00:00.000Z',
    );
  });

  it('does write the GMT+8 wall time when encoding', () => {
    assert.equal(toHex(encodeBcdTime(new Date('2023-12-31T23:30:00Z'))), '240101073000');
    assert.equal(toHex(encodeBcdTime(null)), '000000000000');
    assert.throws(() => encodeBcdTime(new Date('1999-06-01T00:00:00Z')), RangeError);
  });
});
