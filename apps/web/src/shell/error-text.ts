import type { TFunction } from 'i18next';
import { ApiError } from '../api/client.ts';

/** A localized sentence for any error the API (or the network) produced. */
export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    return t(`errors.${error.code}`, { field: error.field ?? '' });
  }
  return t('errors.network');
}
