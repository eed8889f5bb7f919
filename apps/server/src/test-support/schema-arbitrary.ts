// Test support: fast-check arbitraries for request fuzzing. `validOf` draws values that mostly
// satisfy a JSON schema (so requests get past validation into the handlers); `junk` draws the
// values a careless or hostile client sends.
import fc from 'fast-check';
import type { JsonSchema } from './routes.ts';

/** Values that break parsers, types, ranges and SQL: NUL, huge numbers, long and odd text. */
export const junkScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '非数字',
    '-1',
    '0',
    '1e309',
    '9'.repeat(40),
    'NaN',
    'null',
    'true',
    '\u0000',
    'a\u0000b',
    '\uD800',
    "'; DROP TABLE users; --",
    '../../etc/passwd',
    '<script>alert(1)</script>',
    '2026-02-30T25:61:00Z',
    '0000-00-00',
    '{"$gt": ""}',
    -1,
    0,
    1,
    -2147483649,
    2147483648,
    '9007199254740993',
    2 ** 53 + 2,
    1e308,
    -1e308,
    1.5,
    true,
    false,
    null,
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.constant('x'.repeat(100_000)),
);

/** Any JSON-ish value, junk scalars included. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: junkScalar },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(junkScalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), junkScalar, { maxKeys: 4 }) },
);

const asNumber = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  const target = ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
  return (target as JsonSchema | undefined) ?? {};
}

function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
  const min = asNumber(schema.minLength, 0);
  const max = Math.min(asNumber(schema.maxLength, 40), min + 40);
  switch (schema.format) {
    case 'date-time':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'date':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress();
    case 'uri':
      return fc.webUrl();
    case 'uuid':
      return fc.uuid();
    default:
      break;
  }
  if (typeof schema.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema.pattern));
    } catch {
      // a pattern JavaScript cannot read: fall through to plain strings
    }
  }
  return fc.oneof(
    fc.string({ minLength: min, maxLength: max }),
    fc.string({ unit: 'grapheme', minLength: min, maxLength: max }),
  );
}

/** Values that mostly satisfy `schema` (refs resolved against `root`). */
export function validOf(
  schema: JsonSchema,
  root: JsonSchema = {},
  depth = 0,
): fc.Arbitrary<unknown> {
  const s = resolve(schema, root);
  if (depth > 6) return fc.constant(null);
  const base = baseOf(s, root, depth);
  return s.nullable === true ? fc.oneof(fc.constant(null), base) : base;
}

function baseOf(s: JsonSchema, root: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (Array.isArray(s.enum) && s.enum.length > 0) return fc.constantFrom(...(s.enum as unknown[]));
  if ('const' in s) return fc.constant(s.const);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = s[key];
    if (Array.isArray(options) && options.length > 0) {
      return fc.oneof(...(options as JsonSchema[]).map((o) => validOf(o, root, depth + 1)));
    }
  }
  if (Array.isArray(s.allOf)) {
    const parts = (s.allOf as JsonSchema[]).map((p) => resolve(p, root));
    const merged: JsonSchema = {
      type: 'object',
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})) as JsonSchema,
      required: parts.flatMap((p) => (p.required as string[] | undefined) ?? []),
    };
    return validOf(merged, root, depth + 1);
  }
  const type = Array.isArray(s.type) ? (s.type as string[])[0] : s.type;
  switch (type) {
    case 'string':
      return stringOf(s);
    case 'integer': {
      const min = asNumber(s.minimum, -1000);
      const max = asNumber(s.maximum, 1_000_000);
      const any = fc.integer({
        min: Math.max(min, -(2 ** 31)),
        max: Math.max(Math.min(max, 2 ** 31), Math.max(min, -(2 ** 31))),
      });
      // Small ids often name records that exist, which takes the request deeper.
      if (max < 1 || min > 5) return any;
      return fc.oneof(fc.integer({ min: Math.max(min, 1), max: Math.min(max, 5) }), any);
    }
    case 'number':
      return fc.double({
        noNaN: true,
        noDefaultInfinity: true,
        min: asNumber(s.minimum, -1e6),
        max: asNumber(s.maximum, 1e6),
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = validOf((s.items as JsonSchema | undefined) ?? {}, root, depth + 1);
      const minLength = asNumber(s.minItems, 0);
      const maxLength = Math.min(asNumber(s.maxItems, 5), minLength + 5);
      return s.uniqueItems === true
        ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
        : fc.array(item, { minLength, maxLength });
    }
    case 'object':
    case undefined: {
      const properties = (s.properties as Record<string, JsonSchema> | undefined) ?? {};
      if (type === undefined && Object.keys(properties).length === 0) {
        return fc.jsonValue({ maxDepth: 2 });
      }
      const required = (s.required as string[] | undefined) ?? [];
      const record = fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([k, v]) => [k, validOf(v, root, depth + 1)]),
        ),
        { requiredKeys: required.filter((k) => k in properties) },
      );
      const extra = s.additionalProperties;
      if (extra && typeof extra === 'object' && Object.keys(properties).length === 0) {
        return fc.dictionary(
          fc.string({ minLength: 1, maxLength: 10 }),
          validOf(extra as JsonSchema, root, depth + 1),
          {
            maxKeys: 3,
          },
        );
      }
      return record;
    }
    default:
      return junk;
  }
}

/** A valid-looking object with one field broken, an unknown field added, or a field dropped. */
export function mutantOf(schema: JsonSchema, root: JsonSchema = {}): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      validOf(schema, root),
      junk,
      fc.string({ minLength: 1, maxLength: 12 }),
      fc.nat(),
      fc.nat(2),
    )
    .map(([value, bad, unknownKey, pick, how]) => {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return bad;
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      const keys = Object.keys(copy);
      const key = keys.length > 0 ? keys[pick % keys.length]! : unknownKey;
      if (how === 0) copy[key] = bad;
      else if (how === 1) copy[`${unknownKey}_x`] = bad;
      else delete copy[key];
      return copy;
    });
}

/** Text that is not JSON, or JSON a server may choke on. */
export const malformedJson = fc.oneof(
  fc.constantFrom(
    '{',
    '{"a":',
    '[1,2',
    'nul',
    '"\\u00"',
    '{"a":1}}',
    '\u0000',
    '{"__proto__": {"isAdmin": true}}',
    '{"constructor": {"prototype": {"x": 1}}}',
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
    '1e999999',
    '',
  ),
  fc.string({ maxLength: 30 }),
);
