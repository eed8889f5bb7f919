// Text that people type: control characters (a NUL, an escape, the separators some stored
// forms use) have no place in it, and are refused at the door with a clear reason.
import { Type } from 'typebox';

/** One line: no control character at all (C0 and DEL), line breaks included. */
export const LINE_PATTERN = '^[^\\u0000-\\u001F\\u007F]*$';
/** Several lines: tabs and line breaks allowed, no other control character. */
export const TEXT_PATTERN = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$';

/** What a refused pattern means, for the error message (null for other patterns). */
export function reasonOfPattern(pattern: unknown): string | null {
  if (pattern === LINE_PATTERN) return 'must be one line without control characters';
  if (pattern === TEXT_PATTERN) return 'must not contain control characters';
  return null;
}

/** A name or a title: one line of `minLength`..`maxLength` characters. */
export const lineText = (minLength: number, maxLength: number) =>
  Type.String({ minLength, maxLength, pattern: LINE_PATTERN });

/** Free text (a condition, a note): line breaks allowed. */
export const freeText = (minLength: number, maxLength: number) =>
  Type.String({ minLength, maxLength, pattern: TEXT_PATTERN });
