// The rules a service guide must keep beyond its schema: limits, materials, fees, channels.
// Pure functions: each returns every issue found, with the field path it concerns.
import type { ItemGuide } from './item-guide.ts';

export interface ItemIssue {
  /** Dotted path into the request body, e.g. materials.2.condition. */
  field: string;
  message: string;
}

// Partner channels submit applications for the person at the terminal: the item must take
// applications online (online pre-review or fully online).
const submittingChannels = ['bank_terminal', 'rural_point'] as const;
const onlineChannels: readonly string[] = ['web', 'mobile', 'mini_program'];

/** Every rule the guide breaks; `knownLifeEvents` are the codes of service_life_events. */
export function checkGuide(guide: ItemGuide, knownLifeEvents: ReadonlySet<string>): ItemIssue[] {
  const issues: ItemIssue[] = [];
  const add = (field: string, message: string) => issues.push({ field, message });

  if (guide.promisedLimitDays > guide.legalLimitDays) {
    add(
      'promisedLimitDays',
      `The promised limit (${guide.promisedLimitDays} working days) must not exceed the legal limit (${guide.legalLimitDays})`,
    );
  }
  const stepDays = guide.steps.reduce((sum, s) => sum + (s.limitDays ?? 0), 0);
  if (stepDays > guide.promisedLimitDays) {
    add(
      'steps',
      `The steps' limits add up to ${stepDays} working days, more than the promised ${guide.promisedLimitDays}`,
    );
  }

  const materialNames = new Map<string, number>();
  guide.materials.forEach((m, i) => {
    const at = `materials.${i}`;
    const first = materialNames.get(m.name);
    if (first !== undefined)
      add(`${at}.name`, `Material "${m.name}" is listed twice (also as ${first + 1})`);
    else materialNames.set(m.name, i);
    if (m.requirement === 'conditional' && !m.condition) {
      add(
        `${at}.condition`,
        `Conditional material "${m.name}" needs the condition under which it is needed`,
      );
    }
    if (m.requirement === 'required' && m.condition) {
      add(
        `${at}.condition`,
        `Material "${m.name}" is required: only conditional materials have a condition`,
      );
    }
    if (m.forms.length === 1 && m.forms[0] === 'electronic' && m.copies > 0) {
      add(`${at}.copies`, `Material "${m.name}" is electronic only: paper copies must be 0`);
    }
  });

  const specialNames = new Set<string>();
  guide.specialSteps.forEach((s, i) => {
    if (specialNames.has(s.name))
      add(`specialSteps.${i}.name`, `Special step "${s.name}" is listed twice`);
    specialNames.add(s.name);
  });

  if (guide.fee.isFree && guide.fee.amountYuan !== null && guide.fee.amountYuan > 0) {
    add('fee.amountYuan', 'A free item has no fee amount');
  }
  if (!guide.fee.isFree && !guide.fee.basis) {
    add('fee.basis', 'An item that charges a fee must name the basis of the fee');
  }

  if (guide.isLicensing && !guide.issuedLicenceType) {
    add('issuedLicenceType', 'A licensing item must name the licence type it issues');
  }
  if (!guide.isLicensing && guide.issuedLicenceType) {
    add('issuedLicenceType', 'Only a licensing item issues a licence type');
  }

  if (guide.visits === 0 && guide.onlineDepth < 4) {
    add('visits', 'No visit to the hall (0) needs the item to be fully online (online depth 4)');
  }
  if (guide.onlineDepth >= 3 && !guide.channels.some((c) => onlineChannels.includes(c))) {
    add(
      'channels',
      'An item handled online (depth 3 or 4) must be offered on web, mobile or a mini-program',
    );
  }
  for (const channel of submittingChannels) {
    if (guide.channels.includes(channel) && guide.onlineDepth < 3) {
      add(
        'channels',
        `The ${channel} channel submits applications: the item needs online depth 3 or 4`,
      );
    }
  }

  guide.lifeEvents.forEach((code, i) => {
    if (!knownLifeEvents.has(code)) add(`lifeEvents.${i}`, `Unknown life event "${code}"`);
  });
  return issues;
}
