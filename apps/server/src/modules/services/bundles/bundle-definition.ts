// A bundle's definition as stored (data, not code): its member items in order and the merged
// form's fields, each mapped onto one or more members' form fields. Checked before it is saved.
import type { BundleFieldType, LocalizedLabel, ServiceAudience } from '@citygov/contracts';
import { requiredFormFields } from '../applications/application-form.ts';

export interface BundleFieldTargetSpec {
  /** The member's seq (1-based position in the bundle). */
  member: number;
  formField: string;
}

export interface BundleFieldSpec {
  key: string;
  label: LocalizedLabel;
  type: BundleFieldType;
  isRequired: boolean;
  options?: Array<{ value: string; label: LocalizedLabel }>;
  maxLength?: number;
  help?: LocalizedLabel;
  targets: BundleFieldTargetSpec[];
}

/** A member's material that the applicant is not asked for, and why. */
export interface AwaitedMaterial {
  materialId: number;
  name: string;
  /** sibling_result: another member issues it (出生医学证明 for 落户); merged_form: the bundle's one form replaces the item's own application form (一表申请). */
  reason: 'sibling_result' | 'merged_form';
  fromSeq: number | null;
}

export interface BundleSpec {
  code: string;
  regionCode: string;
  name: string;
  description: string;
  audience: ServiceAudience;
  lifeEventCode: string | null;
  sortOrder: number;
  /** Member items' implementation codes, in the order shown (seq = index + 1). */
  members: string[];
  fields: BundleFieldSpec[];
}

const codePattern = /^[a-z][a-z0-9_-]{1,63}$/;
const keyPattern = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;

/** What is wrong with a bundle definition (empty when it may be saved). */
export function checkBundleSpec(spec: BundleSpec): string[] {
  const issues: string[] = [];
  if (!codePattern.test(spec.code)) issues.push(`code "${spec.code}" is malformed`);
  if (spec.members.length < 2) issues.push('a bundle joins at least two items');
  if (new Set(spec.members).size !== spec.members.length) issues.push('a member item repeats');
  const keys = new Set<string>();
  const targets = new Set<string>();
  const filled = spec.members.map(() => new Set<string>());
  for (const field of spec.fields) {
    if (!keyPattern.test(field.key)) issues.push(`field key "${field.key}" is malformed`);
    if (keys.has(field.key)) issues.push(`field key "${field.key}" repeats`);
    keys.add(field.key);
    if (field.type === 'select' && !field.options?.length) {
      issues.push(`select field "${field.key}" has no options`);
    }
    if (field.targets.length === 0) issues.push(`field "${field.key}" fills no member`);
    for (const t of field.targets) {
      if (!Number.isInteger(t.member) || t.member < 1 || t.member > spec.members.length) {
        issues.push(`field "${field.key}" targets member ${t.member}, which does not exist`);
        continue;
      }
      if (!keyPattern.test(t.formField)) {
        issues.push(`field "${field.key}" targets the malformed form field "${t.formField}"`);
      }
      const at = `${t.member}:${t.formField}`;
      if (targets.has(at)) issues.push(`two fields fill member ${t.member}'s "${t.formField}"`);
      targets.add(at);
      if (field.isRequired) filled[t.member - 1]!.add(t.formField);
    }
  }
  // Each member's own application would refuse a form without its required fields.
  spec.members.forEach((code, i) => {
    for (const f of requiredFormFields) {
      if (!filled[i]!.has(f)) {
        issues.push(`member ${i + 1} (${code}) gets no required field for "${f}"`);
      }
    }
  });
  return issues;
}
