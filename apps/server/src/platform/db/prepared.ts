// Named prepared statements for the hot paths (DR-8). A statement registered here is parsed
// and planned once per PostgreSQL connection and then only bound and executed; everything else
// goes through the unnamed statement as before. PGlite runs them as ordinary queries.
const namesByText = new Map<string, string>();
const names = new Set<string>();

/**
 * Registers `text` under `name` (once, at module load) and answers the text, to run with
 * `db.executeQuery(CompiledQuery.raw(text, parameters))`.
 */
export function preparedStatement(name: string, text: string): string {
  if (namesByText.get(text) === name) return text;
  if (names.has(name)) throw new Error(`prepared statement "${name}" is registered twice`);
  names.add(name);
  namesByText.set(text, name);
  return text;
}

/** The prepared statement's name for this SQL text, if it is one. */
export const preparedNameOf = (text: string): string | undefined => namesByText.get(text);
