import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  agencySegmentOf,
  buildBasicCode,
  buildImplementationCode,
  parseBasicCode,
  parseImplementationCode,
} from './item-codes.ts';

describe('item codes', () => {
  it('builds a basic code from type, main item and sub item', () => {
    assert.equal(
      buildBasicCode({ typeCode: 'XK', mainCode: '00031', subCode: '001' }),
      'XK00031001',
    );
    assert.equal(
      buildBasicCode({ typeCode: 'GG', mainCode: '12345', subCode: '000' }),
      'GG12345000',
    );
  });

  it('refuses malformed parts of a basic code', () => {
    assert.throws(
      () => buildBasicCode({ typeCode: 'XK', mainCode: '31', subCode: '001' }),
      RangeError,
    );
    assert.throws(
      () => buildBasicCode({ typeCode: 'XK', mainCode: '00000', subCode: '001' }),
      RangeError,
    );
    assert.throws(
      () => buildBasicCode({ typeCode: 'XX' as 'XK', mainCode: '00031', subCode: '001' }),
      RangeError,
    );
    assert.throws(
      () => buildBasicCode({ typeCode: 'XK', mainCode: '00031', subCode: '1' }),
      RangeError,
    );
  });

  it('builds an implementation code from the division, the agency and the basic code', () => {
    const basic = { typeCode: 'QR', mainCode: '00102', subCode: '003' } as const;
    assert.equal(buildImplementationCode(basic, '500000', 'CQ-GAJ'), '500000-CQ-GAJ-QR00102003');
    assert.equal(
      buildImplementationCode(basic, '500103', '500103-gaj'),
      '500103-500103-GAJ-QR00102003',
    );
    assert.throws(() => buildImplementationCode(basic, '5001', 'CQ-GAJ'), RangeError);
    assert.throws(() => buildImplementationCode(basic, '500000', '市公安局'), RangeError);
  });

  it('parses codes back into their parts, hyphenated agencies included', () => {
    assert.deepEqual(parseImplementationCode('500103001-500103-CGJ-XK00901002'), {
      typeCode: 'XK',
      mainCode: '00901',
      subCode: '002',
      regionCode: '500103001',
      agencyCode: '500103-CGJ',
      basicCode: 'XK00901002',
    });
    assert.deepEqual(parseBasicCode('JF00007000'), {
      typeCode: 'JF',
      mainCode: '00007',
      subCode: '000',
    });
    assert.equal(parseBasicCode('ZZ00007000'), null);
    assert.equal(parseImplementationCode('XK00901002'), null);
    assert.equal(parseImplementationCode('500000--XK00901002'), null);
  });

  it('accepts only department codes of letters, digits and hyphens as agencies', () => {
    assert.equal(agencySegmentOf(' cq-scjgj '), 'CQ-SCJGJ');
    assert.equal(agencySegmentOf('CQ--X'), null);
    assert.equal(agencySegmentOf('CQ X'), null);
  });
});
