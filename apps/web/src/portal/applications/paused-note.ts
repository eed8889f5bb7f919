import type { TFunction } from 'i18next';

/** Why an application's clock stands still, in its applicant's or staff's words. */
export function pausedNoteOf(t: TFunction, state: string): string {
  if (state === 'submitted') return t('applications.mine.clockFromAcceptance');
  if (state === 'supplement_requested') return t('applications.mine.clockStopped');
  if (state === 'special_step') return t('applications.mine.clockSpecialStep');
  return t('applications.paused');
}
