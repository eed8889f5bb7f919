// How case states look (colours on tags and map points) and where each stands in the loop.

/** The loop's steps as a citizen follows them: 受理 立案 派遣处置 核查 结案 回访评价. */
export const caseSteps = [
  'reported',
  'filed',
  'handling',
  'handled',
  'closed',
  'evaluated',
] as const;

const stepOfState: Record<string, number> = {
  reported: 0,
  filed: 1,
  handling: 2,
  extended: 2,
  handled: 3,
  verified: 3,
  closed: 4,
  evaluated: 5,
};

/** The index in caseSteps; -1 for states off the main path (declined, merged). */
export const stepOf = (state: string) => stepOfState[state] ?? -1;

const colours: Record<string, string> = {
  reported: '#722ed1',
  filed: '#2f54eb',
  handling: '#fa8c16',
  extended: '#d46b08',
  handled: '#13c2c2',
  verified: '#1677ff',
  closed: '#52c41a',
  evaluated: '#389e0d',
  declined: '#8c8c8c',
  merged: '#8c8c8c',
};

/** A point's colour on the map; overdue cases are red whatever their state. */
export const caseColour = (state: string, isOverdue = false) =>
  isOverdue ? '#cf1322' : (colours[state] ?? '#595959');

const finished = new Set(['declined', 'merged', 'closed', 'evaluated']);
/** No longer worked on by departments (closed cases wait only for the call back). */
export const isFinishedState = (state: string) => finished.has(state);
