// How lists and nested records fit in one spreadsheet cell. A list is values separated by
// "|"; a record list is one record per line, its fields separated by "|". Inside a value,
// "\" escapes "|", "\" and a line break ("\n"), so any text goes through unchanged.

const escapeValue = (value: string) =>
  value
    .replaceAll('\\', '\\\\')
    .replaceAll('|', '\\|')
    .replaceAll('\r', '')
    .replaceAll('\n', '\\n');

/** The values of one line, split at unescaped "|" and unescaped. */
export function splitValues(line: string): string[] {
  const values: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length) {
      const next = line[++i]!;
      current += next === 'n' ? '\n' : next;
    } else if (ch === '|') {
      values.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  values.push(current.trim());
  return values;
}

/** A list cell: values joined by "|". */
export const encodeList = (values: readonly string[]) => values.map(escapeValue).join('|');

/** The values of a list cell (empty cell, empty list). */
export const decodeList = (cell: string) => (cell.trim() === '' ? [] : splitValues(cell.trim()));

/** A record-list cell: one record per line, trailing empty fields left out. */
export function encodeRecords(records: ReadonlyArray<ReadonlyArray<string | number | null>>) {
  return records
    .map((fields) => {
      const text = fields.map((f) => (f === null ? '' : escapeValue(String(f))));
      while (text.length > 1 && text.at(-1) === '') text.pop();
      return text.join('|');
    })
    .join('\n');
}

/** The records of a record-list cell; blank lines are skipped. */
export const decodeRecords = (cell: string) =>
  cell
    .replaceAll('\r\n', '\n')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(splitValues);
