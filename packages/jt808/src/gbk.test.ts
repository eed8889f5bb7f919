import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { decodeGbk, decodeGbkField, encodeGbk } from './gbk.ts';
import { fromHex, toHex } from './test-support.ts';

describe('GBK', () => {
  it('does decode plates as sent by terminals', () => {
    // 粤 = D4 C1 and 苏 = CB D5 in GBK (both appear in the published 0x0100 frames below).
    assert.equal(decodeGbk(fromHex('D4 C1 42 38 38 38 38 38')), '粤B88888');
    assert.equal(decodeGbk(fromHex('CB D5 42 41 36 38 36 30')), '苏BA6860');
  });

  it('does encode Chinese characters to their two-byte GBK codes', () => {
    assert.equal(toHex(encodeGbk('粤B88888')), 'D4C1423838383838');
    assert.equal(toHex(encodeGbk('苏BA6860')), 'CBD5424136383630');
  });

  it('does round-trip the Chongqing plate prefix and common plate characters', () => {
    for (const text of ['渝A12345', '渝D·K8888', '京A00001', '挂', '学', '警']) {
      assert.equal(decodeGbk(encodeGbk(text)), text);
    }
  });

  it('does keep ASCII byte for byte', () => {
    assert.equal(toHex(encodeGbk('AUTH-01')), '415554482D3031');
  });

  it('does refuse characters GBK has no code for', () => {
    assert.throws(() => encodeGbk('😀'), RangeError);
  });

  it('does drop 0x00 padding from fixed fields', () => {
    assert.equal(decodeGbkField(fromHex('31 32 33 34 00 00 00')), '1234');
    assert.equal(decodeGbkField(fromHex('00 00 31 32')), '12');
    assert.equal(decodeGbkField(fromHex('00 00')), '');
  });
});
