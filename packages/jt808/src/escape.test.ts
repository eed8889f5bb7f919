import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { computeCheck, escapeBytes, unescapeBytes } from './escape.ts';
import { fromHex, toHex } from './test-support.ts';

describe('escaping', () => {
  it('does replace 0x7E by 7D 02 and 0x7D by 7D 01 when escaping', () => {
    assert.equal(toHex(escapeBytes(fromHex('01 7E 02 7D 03'))), '017D02027D0103');
  });

  it('does escape 0x7D before 0x02 so the pair is not read back as 0x7E', () => {
    // 7D 02 in the plain bytes must become 7D 01 02, not stay 7D 02.
    assert.equal(toHex(escapeBytes(fromHex('7D 02'))), '7D0102');
  });

  it('does restore the plain bytes when unescaping', () => {
    assert.equal(toHex(unescapeBytes(fromHex('01 7D 02 02 7D 01 03'))!), '017E027D03');
  });

  it('does reject 0x7D followed by anything but 01 or 02 when unescaping', () => {
    assert.equal(unescapeBytes(fromHex('01 7D 03 02')), null);
    assert.equal(unescapeBytes(fromHex('01 7D 7D 01')), null);
  });

  it('does reject a trailing 0x7D and a bare 0x7E when unescaping', () => {
    assert.equal(unescapeBytes(fromHex('01 02 7D')), null);
    assert.equal(unescapeBytes(fromHex('01 7E 02')), null);
  });

  it('does round-trip every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const escaped = escapeBytes(all);
    assert.equal(escaped.length, 258, 'two bytes grow by one each');
    assert.ok(!escaped.includes(0x7e));
    assert.deepEqual([...unescapeBytes(escaped)!], [...all]);
  });
});

describe('check code', () => {
  it('does XOR every byte', () => {
    // 0x00 ^ 0x02 ^ 0x01 ^ 0x38 = 0x3B
    assert.equal(computeCheck(fromHex('00 02 01 38')), 0x3b);
    assert.equal(computeCheck(new Uint8Array(0)), 0);
  });
});
