// RFC 4180 CSV: quoted fields may hold commas, quotes and line breaks. Written with a BOM
// and CRLF so Excel opens Chinese text correctly.

// Spreadsheet programs run a cell that starts like a formula; such text is written with a
// leading apostrophe and read back without it.
const formulaStart = /^[=+\-@\t\r]/;

function quote(value: string): string {
  const text = formulaStart.test(value) || value.startsWith("'") ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV text of the rows (the first row is the header). */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return '\uFEFF' + rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}

const unguard = (value: string) =>
  value.startsWith("'") && (formulaStart.test(value.slice(1)) || value.startsWith("''"))
    ? value.slice(1)
    : value;

export class CsvSyntaxError extends Error {
  readonly row: number;
  constructor(message: string, row: number) {
    super(message);
    this.row = row;
  }
}

/** The records of CSV text, blank ones included (as ['']) so numbers match the sheet's rows;
 * throws CsvSyntaxError (with the 1-based record number) on a broken quote. */
export function readCsv(text: string): string[][] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let isQuoted = false;
  let wasQuoted = false;
  const endField = () => {
    row.push(wasQuoted ? unguard(field) : unguard(field.trim()));
    field = '';
    wasQuoted = false;
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (isQuoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          isQuoted = false;
        }
      } else {
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (field.trim() !== '')
        throw new CsvSyntaxError('a quote in the middle of a field', rows.length + 1);
      field = '';
      isQuoted = true;
      wasQuoted = true;
    } else if (ch === ',') {
      endField();
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRow();
    } else if (wasQuoted) {
      if (ch !== ' ' && ch !== '\t')
        throw new CsvSyntaxError('text after a closing quote', rows.length + 1);
    } else {
      field += ch;
    }
  }
  if (isQuoted) throw new CsvSyntaxError('a quoted field is never closed', rows.length + 1);
  if (field !== '' || row.length > 0 || wasQuoted) endRow();
  return rows;
}
