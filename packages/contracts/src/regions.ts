// Region scopes are GB/T 2260 codes (6 digits) extended by street (3) and community (3).
// A scope covers every code that starts with its significant prefix:
// 500000 → "50" (the whole city), 500103 → "500103", 500103001 → "500103001".
// The server checks permissions with it; the web app narrows live feeds to a chosen region.

/** The prefix a region code's scope covers. */
export function regionPrefix(code: string): string {
  if (code.length > 6) {
    let c = code;
    while (c.length > 6 && c.endsWith('000')) c = c.slice(0, -3);
    return c.length > 6 ? c : regionPrefix(c);
  }
  let c = code;
  while (c.length > 2 && c.endsWith('00')) c = c.slice(0, -2);
  return c;
}

/** Whether `code` lies within the scope of `scopeCode`. */
export function isWithinRegion(code: string, scopeCode: string): boolean {
  return code.startsWith(regionPrefix(scopeCode));
}
