// Topic patterns: `case.*` matches every topic that starts with "case.", `*` matches all, and a
// pattern without `*` matches exactly one topic. Used by subscribe() and by ?topics= filters.

const PATTERN = /^[a-z0-9_*][a-z0-9_.*-]{0,99}$/;

export const MAX_TOPIC_PATTERNS = 20;

/** Whether `pattern` is a well-formed topic pattern. */
export const isTopicPattern = (pattern: string) => PATTERN.test(pattern);

/** Compiles a pattern to a predicate over topics; throws on a malformed pattern. */
export function compileTopicPattern(pattern: string): (topic: string) => boolean {
  if (!isTopicPattern(pattern)) throw new Error(`bad topic pattern "${pattern}"`);
  if (pattern === '*') return () => true;
  if (!pattern.includes('*')) return (topic) => topic === pattern;
  const source = pattern
    .split('*')
    .map((part) => part.replaceAll('.', '\\.'))
    .join('.*');
  const regex = new RegExp(`^${source}$`);
  return (topic) => regex.test(topic);
}

/**
 * Parses a comma-separated list (`case.*,task.*`) to one predicate; an empty or absent list
 * matches every topic. Answers the first malformed pattern instead when there is one.
 */
export function parseTopicFilter(
  list: string | undefined,
): { matches: (topic: string) => boolean } | { badPattern: string } {
  const patterns = (list ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (patterns.length > MAX_TOPIC_PATTERNS) {
    return { badPattern: `more than ${MAX_TOPIC_PATTERNS} patterns` };
  }
  const bad = patterns.find((p) => !isTopicPattern(p));
  if (bad !== undefined) return { badPattern: bad };
  if (patterns.length === 0) return { matches: () => true };
  const predicates = patterns.map(compileTopicPattern);
  return { matches: (topic) => predicates.some((p) => p(topic)) };
}
