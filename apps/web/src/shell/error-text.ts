import type { TFunction } from 'i18next';
import { ApiError } from '../api/client.ts';

/** A localized sentence for any error the API (or the network) produced. */
export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    const text = t(`errors.${error.code}`, { field: error.field ?? '' });
    // A validation answer that names no field still says what was wrong, in the server's words.
    return error.code === 'validation_failed' && !error.field
      ? `${text} ${t('errors.serverSays', { message: error.message })}`
      : text;
  }
  return t('errors.network');
}

/** Whether the API answered "not found" (or the caller may not see the record: the same answer). */
export const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;
export const isUnauthenticated = (error: unknown) =>
  error instanceof ApiError && error.status === 401;
