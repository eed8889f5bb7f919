// Errors of the waste API in words: the reason the server names (an expired approval, hours)
// when it gives one, else the platform's text for the code.
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client.ts';
import { errorText } from '../shell/error-text.ts';

export function wasteErrorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    const reason = error.details?.reason;
    if (typeof reason === 'string') {
      const key = `waste.errors.${reason}`;
      const text = t(key);
      if (text !== key) return `${text}（${error.message}）`;
    }
    if (error.code === 'conflict' || error.code === 'state_conflict') {
      return `${errorText(t, error)} ${t('errors.serverSays', { message: error.message })}`;
    }
  }
  return errorText(t, error);
}
