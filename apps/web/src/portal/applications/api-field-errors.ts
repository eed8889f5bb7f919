// Puts the API's complaint about an application next to what caused it: a form field, the
// material it names (one by one when several are missing), or the person's name at the window.
import type { TFunction } from 'i18next';
import type { ApplicationMaterialInput } from '@citygov/contracts';
import { ApiError } from '../../api/client.ts';
import { errorText } from '../../shell/error-text.ts';

export type FieldPath = string[];

export interface PlacedErrors {
  fields: { name: FieldPath; errors: string[] }[];
  /** What belongs to no single field, in words. */
  general: string | null;
}

/** The form name of a material's upload field. */
export const materialField = (materialId: number): FieldPath => ['materials', `m${materialId}`];

/** Material ids the server says are missing: [{materialId}] on submit, [id] on 补正. */
function missingIds(details: Record<string, unknown> | undefined): number[] {
  const missing = details?.missing;
  if (!Array.isArray(missing)) return [];
  return missing.flatMap((m: unknown) => {
    if (typeof m === 'number') return [m];
    if (
      typeof m === 'object' &&
      m !== null &&
      typeof (m as { materialId?: unknown }).materialId === 'number'
    ) {
      return [(m as { materialId: number }).materialId];
    }
    return [];
  });
}

export function placeApiError(
  t: TFunction,
  error: unknown,
  /** The materials as sent, to find the one a "materials[2]" path points at. */
  sent: readonly ApplicationMaterialInput[],
): PlacedErrors {
  if (!(error instanceof ApiError)) return { fields: [], general: errorText(t, error) };
  const field = (error.field ?? '').replace(/^\//, '').replace(/\//g, '.');
  const general = `${errorText(t, error)}`;

  if (field === 'form.contactPhone') {
    return {
      fields: [{ name: ['form', 'contactPhone'], errors: [t('applications.errors.contactPhone')] }],
      general: null,
    };
  }
  if (field.startsWith('form.')) {
    return {
      fields: [
        {
          name: ['form', field.slice('form.'.length)],
          errors: [t('applications.errors.formField')],
        },
      ],
      general: null,
    };
  }
  const missing = missingIds(error.details);
  if (missing.length) {
    return {
      fields: missing.map((id) => ({
        name: materialField(id),
        errors: [t('applications.errors.materialMissing')],
      })),
      general: t('applications.errors.materialsMissing', { count: missing.length }),
    };
  }
  const indexed = /^(?:data\.)?materials\[(\d+)\]/.exec(field);
  const input = indexed ? sent[Number(indexed[1])] : undefined;
  if (input) {
    const reason =
      'licenceNumber' in input
        ? t('applications.errors.licenceUnusable')
        : t('applications.errors.materialInvalid');
    return { fields: [{ name: materialField(input.materialId), errors: [reason] }], general: null };
  }
  if (field === 'applicantName' && error.code === 'forbidden') {
    return {
      fields: [{ name: ['applicantName'], errors: [t('applications.errors.realName')] }],
      general: null,
    };
  }
  if (field === 'applicantIdNumber') {
    return {
      fields: [{ name: ['applicantIdNumber'], errors: [t('applications.errors.idNumber')] }],
      general: null,
    };
  }
  if (field === 'channel' || field === 'itemCode') {
    return { fields: [], general: t('applications.errors.notOffered') };
  }
  return { fields: [], general };
}
