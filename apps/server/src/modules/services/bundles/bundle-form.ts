// The merged form and material list of a bundle, split into each member's form and materials
// (pure). A bad value is refused naming the field and every member it would have filled.
import type { ApplicationMaterialInput, BundleMaterialInput } from '@citygov/contracts';
import { AppError } from '../../../platform/errors.ts';
import { checkResidentId } from '../../../platform/people/index.ts';
import type { BundleFieldSpec } from './bundle-definition.ts';
import type { BundleMemberItem, MergedMaterial } from './bundle-merge.ts';

type FormValue = string | number | boolean | null;

const mobile = /^1[3-9][0-9]{9}$/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

const isRealDate = (s: string) => {
  if (!isoDate.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** The members a field fills, for error details and messages. */
function membersOf(field: BundleFieldSpec, members: readonly BundleMemberItem[]) {
  return [...new Set(field.targets.map((t) => t.member))].map((seq) => {
    const { item } = members.find((m) => m.seq === seq)!;
    return { seq, itemCode: item.codes.code, itemName: item.guide.name };
  });
}

function refuse(
  field: BundleFieldSpec,
  members: readonly BundleMemberItem[],
  problem: string,
): AppError {
  const filled = membersOf(field, members);
  return new AppError(
    'validation_failed',
    `form.${field.key} (${field.label.zh}) ${problem}; it fills ${filled.map((m) => `${m.itemName} (${m.itemCode})`).join(', ')}`,
    { field: `form.${field.key}`, members: filled },
  );
}

/** The field's value checked and normalized; undefined when left empty. */
function checkValue(
  field: BundleFieldSpec,
  raw: FormValue | undefined,
  members: readonly BundleMemberItem[],
): FormValue | undefined {
  const value = typeof raw === 'string' ? raw.trim() : raw;
  if (value === undefined || value === null || value === '') {
    if (field.isRequired) throw refuse(field, members, 'is required');
    return undefined;
  }
  const expect = (ok: boolean, what: string) => {
    if (!ok) throw refuse(field, members, `must be ${what}`);
  };
  switch (field.type) {
    case 'text':
    case 'textarea':
      expect(typeof value === 'string', 'text');
      expect(
        (value as string).length <= (field.maxLength ?? (field.type === 'text' ? 200 : 2000)),
        `at most ${field.maxLength ?? (field.type === 'text' ? 200 : 2000)} characters`,
      );
      return value;
    case 'date':
      expect(typeof value === 'string' && isRealDate(value), 'a date (YYYY-MM-DD)');
      return value;
    case 'number':
      expect(typeof value === 'number' && Number.isFinite(value), 'a number');
      return value;
    case 'boolean':
      expect(typeof value === 'boolean', 'true or false');
      return value;
    case 'select':
      expect(
        typeof value === 'string' && (field.options ?? []).some((o) => o.value === value),
        `one of ${(field.options ?? []).map((o) => o.value).join(', ')}`,
      );
      return value;
    case 'phone':
      expect(typeof value === 'string' && mobile.test(value), 'an 11-digit mobile number');
      return value;
    case 'id_number':
      expect(typeof value === 'string', 'a resident ID number');
      try {
        return checkResidentId(value as string, `form.${field.key}`);
      } catch {
        throw refuse(field, members, 'must be a valid resident ID number (GB 11643)');
      }
    default: {
      const unknown: never = field.type;
      throw new Error(`unknown field type ${String(unknown)}`);
    }
  }
}

/** Each member's form (by seq) from the merged form; 400 naming the field and its members. */
export function splitBundleForm(
  fields: readonly BundleFieldSpec[],
  members: readonly BundleMemberItem[],
  form: Record<string, FormValue>,
): Map<number, Record<string, FormValue>> {
  const known = new Set(fields.map((f) => f.key));
  const stray = Object.keys(form).find((k) => !known.has(k));
  if (stray !== undefined) {
    throw new AppError('validation_failed', `form.${stray} is not a field of this bundle`, {
      field: `form.${stray}`,
    });
  }
  const out = new Map<number, Record<string, FormValue>>(members.map((m) => [m.seq, {}]));
  for (const field of fields) {
    const value = checkValue(field, form[field.key], members);
    if (value === undefined) continue;
    for (const t of field.targets) out.get(t.member)![t.formField] = value;
  }
  return out;
}

/**
 * Each member's materials (by seq) from the merged list; 400 naming an unknown key. A key may
 * come more than once (a material of several pages or files), as materialIds may for one item.
 */
export function splitBundleMaterials(
  merged: readonly MergedMaterial[],
  members: readonly BundleMemberItem[],
  inputs: readonly BundleMaterialInput[],
): Map<number, ApplicationMaterialInput[]> {
  const byKey = new Map(merged.map((m) => [m.key, m]));
  const out = new Map<number, ApplicationMaterialInput[]>(members.map((m) => [m.seq, []]));
  inputs.forEach((input, i) => {
    const material = byKey.get(input.key);
    if (!material) {
      throw new AppError(
        'validation_failed',
        `materials[${i}].key "${input.key}" is not a material of this bundle`,
        { field: `materials[${i}].key` },
      );
    }
    for (const use of material.uses) {
      out
        .get(use.seq)!
        .push(
          'fileSha256' in input
            ? { materialId: use.materialId, fileSha256: input.fileSha256 }
            : { materialId: use.materialId, licenceNumber: input.licenceNumber },
        );
    }
  });
  return out;
}
