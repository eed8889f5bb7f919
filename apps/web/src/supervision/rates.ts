// Shares (0..1) and scores as the user's locale writes them; a missing figure is a dash.
import { formatNumber } from '../shell/format.ts';

const NONE = '—';

/** 0.9831 → "98.3%". */
export const formatShare = (share: number | null | undefined) =>
  share === null || share === undefined ? NONE : `${formatNumber(share * 100, 1)}%`;

/** A 0–100 score or satisfaction → "92.5". */
export const formatScore = (score: number | null | undefined) =>
  score === null || score === undefined ? NONE : formatNumber(score, 1);

export const formatHours = (hours: number | null | undefined) =>
  hours === null || hours === undefined ? NONE : formatNumber(hours, 1);

/** A table sorter over a nullable number (missing figures last). */
export const byNumber =
  <T>(read: (row: T) => number | null | undefined) =>
  (a: T, b: T) =>
    (read(a) ?? -Infinity) - (read(b) ?? -Infinity);
