import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeGuide } from './item-guide.ts';
import { checkGuide } from './item-validation.ts';
import { sampleItemBody } from '../test-fixtures.ts';
import type { CreateServiceItemBody } from '@citygov/contracts';

const events = new Set(['enterprise.construction', 'citizen.birth']);
const defaults = { workflowKey: 'services.licensing', frequency: 0, status: 'active' as const };
const issuesOf = (overrides: Partial<CreateServiceItemBody>) =>
  checkGuide(normalizeGuide(sampleItemBody(1, overrides), defaults), events);
const fieldsOf = (overrides: Partial<CreateServiceItemBody>) =>
  issuesOf(overrides).map((i) => i.field);

describe('service guide rules', () => {
  it('accepts the sample guide', () => {
    assert.deepEqual(issuesOf({}), []);
  });

  it('refuses a promised limit above the legal limit, and steps longer than the promise', () => {
    assert.deepEqual(fieldsOf({ legalLimitDays: 4, promisedLimitDays: 5 }), ['promisedLimitDays']);
    assert.deepEqual(fieldsOf({ legalLimitDays: 4, promisedLimitDays: 4 }), ['steps']);
    assert.deepEqual(
      fieldsOf({
        legalLimitDays: 0,
        promisedLimitDays: 0,
        steps: [{ name: '即办', actor: 'window' }],
      }),
      [],
    );
  });

  it('checks materials: condition, electronic copies, duplicates', () => {
    const m = { forms: ['original'] as const, copies: 1, source: 'applicant' as const };
    assert.deepEqual(
      fieldsOf({
        materials: [
          { ...m, forms: ['original'], name: 'A', requirement: 'conditional' },
          { ...m, forms: ['original'], name: 'B', requirement: 'required', condition: '有的时候' },
          { ...m, name: 'C', forms: ['electronic'], copies: 1, requirement: 'required' },
          { ...m, forms: ['original'], name: 'A', requirement: 'conditional', condition: '委托的' },
        ],
      }),
      ['materials.0.condition', 'materials.1.condition', 'materials.2.copies', 'materials.3.name'],
    );
  });

  it('needs a basis for a fee and no amount when free', () => {
    assert.deepEqual(fieldsOf({ fee: { isFree: false, amountYuan: 10 } }), ['fee.basis']);
    assert.deepEqual(fieldsOf({ fee: { isFree: true, amountYuan: 10 } }), ['fee.amountYuan']);
    assert.deepEqual(
      fieldsOf({ fee: { isFree: false, amountYuan: 10, basis: '发改价格〔2019〕1号' } }),
      [],
    );
  });

  it('ties licensing to the licence type it issues', () => {
    assert.deepEqual(fieldsOf({ issuedLicenceType: null }), ['issuedLicenceType']);
    assert.deepEqual(fieldsOf({ isLicensing: false }), ['issuedLicenceType']);
  });

  it('keeps visits, online depth and channels consistent', () => {
    assert.deepEqual(fieldsOf({ visits: 0, onlineDepth: 3 }), ['visits']);
    assert.deepEqual(fieldsOf({ channels: ['window', 'bank_terminal'], onlineDepth: 2 }), [
      'channels',
    ]);
    assert.deepEqual(fieldsOf({ channels: ['window'], onlineDepth: 3 }), ['channels']);
    assert.deepEqual(fieldsOf({ channels: ['window'], onlineDepth: 1 }), []);
  });

  it('refuses unknown life events', () => {
    assert.deepEqual(fieldsOf({ lifeEvents: ['citizen.birth', 'citizen.moon_landing'] }), [
      'lifeEvents.1',
    ]);
  });

  it('normalises sets into a fixed order so equal guides compare equal', () => {
    const a = normalizeGuide(
      sampleItemBody(1, { channels: ['window', 'web'], lifeEvents: ['b.x', 'a.y'] }),
      defaults,
    );
    assert.deepEqual(a.channels, ['web', 'window']);
    assert.deepEqual(a.lifeEvents, ['a.y', 'b.x']);
    assert.equal(a.workflowKey, 'services.licensing');
    assert.equal(a.materials[0]!.condition, null);
  });
});
