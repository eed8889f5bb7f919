// The wall screen's colours: a dark background, and one colour per stage of the case loop so a
// glance at the map tells where the work is waiting. Overdue is always red.
import { caseColour } from '../cases/case-states.ts';

export const wall = {
  background: '#0b1426',
  panel: '#111d35',
  border: '#1f3356',
  text: '#e6edf7',
  muted: '#93a4c3',
  accent: '#3ba0ff',
  overdue: '#ff4d4f',
  good: '#52c41a',
  warn: '#faad14',
} as const;

/** The same colour per state as every other map and tag of the app (overdue: red). */
export const stateColor = (state: string, isOverdue = false) => caseColour(state, isOverdue);

/** The states drawn in the legend, in the loop's order. */
export const legendStates = [
  'reported',
  'filed',
  'handling',
  'extended',
  'handled',
  'verified',
  'closed',
];

/** Open cases in a grid → a fill colour, from pale to deep red, relative to the busiest grid. */
export function densityColor(open: number, maxOpen: number): string {
  if (open <= 0 || maxOpen <= 0) return 'transparent';
  const steps = ['#fff1b8', '#ffd666', '#ffa940', '#ff7a45', '#f5222d', '#a8071a'];
  const i = Math.min(steps.length - 1, Math.floor((open / maxOpen) * (steps.length - 1) + 0.5));
  return steps[i]!;
}
