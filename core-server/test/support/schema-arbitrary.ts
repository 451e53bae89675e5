import fc from 'fast-check';
import { z } from 'zod';

// fast-check arbitraries derived from the contracts' zod schemas (through zod's own JSON Schema
// output, the same shapes the OpenAPI document publishes), plus hostile values for fuzzing.

type Json = Record<string, any>;

/** The JSON Schema of a contract schema, as the client sends it (defaults optional, no transforms). */
export function jsonSchemaOf(schema: z.ZodType): Json {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
}

export interface ArbitraryOptions {
  /** Ids that exist (so generated requests reach past the lookup), mixed with random UUIDs. */
  ids: string[];
  /** Channel names the organisations use. */
  channels: string[];
}

const DATE = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());

/** A value that should satisfy `schema` (the caller filters with safeParse for what JSON Schema cannot say). */
export function arbitraryFor(schema: Json, opts: ArbitraryOptions, root: Json = schema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) {
    const name = String(schema.$ref).replace('#/$defs/', '');
    return fc.constant(null).chain(() => arbitraryFor(root.$defs?.[name] ?? {}, opts, root, depth + 1));
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...(alternatives as Json[]).map((s) => arbitraryFor(s, opts, root, depth + 1)));
  if (schema.allOf) return arbitraryFor(schema.allOf[0], opts, root, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringFor(schema, opts);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const min = schema.minItems ?? 0;
      const max = Math.min(schema.maxItems ?? 5, min + (depth > 3 ? 1 : 4));
      const items = arbitraryFor(schema.items ?? {}, opts, root, depth + 1);
      return fc.array(items, { minLength: min, maxLength: max });
    }
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Json>;
      const required = new Set<string>(schema.required ?? []);
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, s] of Object.entries(props)) shape[k] = arbitraryFor(s, opts, root, depth + 1);
      const requiredKeys = Object.keys(props).filter((k) => required.has(k));
      if (!Object.keys(props).length && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        return fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), arbitraryFor(schema.additionalProperties, opts, root, depth + 1), { maxKeys: 3 });
      }
      return fc.record(shape, { requiredKeys });
    }
    default:
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean());
  }
}

function stringFor(schema: Json, opts: ArbitraryOptions): fc.Arbitrary<string> {
  const max = schema.maxLength ?? 60;
  const min = schema.minLength ?? 0;
  switch (schema.format) {
    case 'uuid':
      return opts.ids.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...opts.ids) }, { weight: 1, arbitrary: fc.uuid({ version: 4 }) }) : fc.uuid({ version: 4 });
    case 'date-time':
      return DATE;
    case 'date':
      return DATE.map((d) => d.slice(0, 10));
    case 'email':
      return fc.emailAddress().filter((e) => e.length <= max);
    case 'uri':
      return fc.webUrl().filter((u) => u.length <= max);
  }
  if (schema.pattern) {
    if (/a-z0-9\]\[a-z0-9_-\]/.test(schema.pattern)) return fc.constantFrom(...opts.channels);
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= (schema.maxLength ?? Infinity));
  }
  return fc.string({ minLength: min, maxLength: Math.min(max, min + 40), unit: 'grapheme' });
}

// ---------------------------------------------------------------------------------------------
// Hostile values

const HUGE = 'A'.repeat(70_000);
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'null',
  'undefined',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%00',
  '....//....//',
  '__proto__',
  'constructor',
  'prototype',
  '${7*7}{{7*7}}',
  "' OR 1=1 --",
  '"; DROP TABLE "Person"; --',
  '<script>alert(1)</script>',
  '\u202e\u200b\ufeff',
  '𝕃𝕚𝕜𝕖𝕟𝕖𝕤𝕤 👩‍👩‍👧‍👦',
  '\ud800',
  'Z̸̡̢͖̥͎̪̈́͌ä̷̛́l̸̨̳g̵o̶',
  HUGE,
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '1e309',
  '-0',
  'NaN',
  'Infinity',
  '2026-02-30T25:61:61Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00.000Z',
];

export const HOSTILE_VALUES: unknown[] = [
  ...HOSTILE_STRINGS,
  null,
  true,
  false,
  0,
  -1,
  -2147483649,
  2 ** 53 + 1,
  1e308,
  -1e308,
  0.1,
  [],
  [null],
  {},
  JSON.parse('{"__proto__":{"polluted":true}}'),
  { constructor: { prototype: { polluted: true } } },
  Array.from({ length: 2000 }, (_, i) => i),
];

export const hostileValue = fc.constantFrom(...HOSTILE_VALUES);

/** Replaces, deletes or adds one field somewhere in a JSON value. */
export function mutate(value: unknown): fc.Arbitrary<unknown> {
  if (value === null || typeof value !== 'object') return hostileValue;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Json);
  const copy = (): any => (Array.isArray(value) ? [...value] : { ...(value as Json) });
  const options: fc.Arbitrary<unknown>[] = [
    hostileValue,
    fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'extra', '$where', ''), hostileValue).map(([k, v]) => {
      const c = copy();
      Object.defineProperty(c, k, { value: v, enumerable: true, writable: true, configurable: true });
      return c;
    }),
  ];
  if (entries.length) {
    const keys = entries.map(([k]) => k);
    options.push(
      fc.tuple(fc.constantFrom(...keys), hostileValue).map(([k, v]) => Object.assign(copy(), { [k]: v })),
      fc.constantFrom(...keys).map((k) => {
        const c = copy();
        delete c[k];
        return c;
      }),
      fc.constantFrom(...entries).chain(([k, v]) => mutate(v).map((m) => Object.assign(copy(), { [k]: m }))),
    );
  }
  return fc.oneof(...options);
}
