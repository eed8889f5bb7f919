// API errors of the case screens as localized sentences, and the form field each belongs to
// (the server names it: location, photos[0], caller.phone, data.afterPhotos …).
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client.ts';
import { errorText } from '../shell/error-text.ts';

export interface FieldError {
  /** The form field to show it next to (without the data. prefix), if any. */
  field: string | undefined;
  message: string;
}

const photoFields = /^(data\.)?(photos|beforePhotos|afterPhotos)(\[\d+\])?$/;

/** Which message key explains an error on a field of a case form. */
function keyOf(error: ApiError, field: string | undefined): string | undefined {
  const reason = error.details?.reason;
  const guard = error.details?.guard;
  if (reason === 'outside_city') return 'outsideCity';
  if (reason === 'outside_grids') return 'outsideGrids';
  if (reason === 'separation_of_duties') return 'ownHandled';
  if (guard === 'case.before_state_deadline') return 'extensionTooLate';
  if (guard === 'case.no_extension_pending') return 'extensionPending';
  if (guard === 'case.extension_pending') return 'noExtensionPending';
  if (error.code === 'payload_too_large') return 'photoTooLarge';
  if (error.code === 'unsupported_media_type') return 'notImage';
  if (!field) return undefined;
  if (photoFields.test(field)) return 'photoInvalid';
  const byField: Record<string, string> = {
    location: 'location',
    'lat,lon': 'location',
    categoryCode: 'category',
    description: 'description',
    isAnonymous: 'anonymousNotAllowed',
    'caller.phone': 'phone',
    phone: 'phone',
    'caller.name': 'callerName',
    joinCaseId: 'joinClosed',
    address: 'address',
    note: 'note',
    'data.departmentId': 'department',
    'data.assistDepartmentIds': 'department',
    'data.extensionWorkdays': 'extensionWorkdays',
    'data.satisfaction': 'satisfaction',
    'data.duplicateOf': 'duplicateOf',
  };
  return byField[field];
}

/** The localized message of an error from a case form, and the field it belongs to. */
export function caseFieldError(t: TFunction, error: unknown): FieldError {
  if (!(error instanceof ApiError)) return { field: undefined, message: errorText(t, error) };
  const field = error.field;
  const key = keyOf(error, field);
  const formField = field
    ?.replace(/^data\./, '')
    .replace(/\[\d+\]$/, '')
    .replace(/^lat,lon$/, 'location');
  if (key) return { field: formField, message: t(`cases.errors.${key}`) };
  return { field: formField, message: errorText(t, error) };
}
