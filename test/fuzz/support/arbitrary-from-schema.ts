import fc from 'fast-check';
import * as z from 'zod/mini';

/** The subset of JSON Schema that `z.toJSONSchema` writes for the protocol's messages. */
interface JsonSchema {
  readonly type?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchema | boolean;
  readonly propertyNames?: JsonSchema;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** Options of {@link arbitraryFromSchema}. */
export interface FromSchemaOptions {
  /** Most items of a generated array, whatever the schema allows (requests stay small). @default 4 */
  readonly maxItems?: number;
}

// Instants near today, so a valid intent is neither expired nor far in the future.
const instantArb = fc
  .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

function stringArb(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === 'date-time') return instantArb;
  const min = s.minLength ?? 0;
  if (s.pattern) {
    const max = s.maxLength ?? Number.MAX_SAFE_INTEGER;
    // stringMatching ignores length limits; trim to them and drop what is then too short.
    return fc
      .stringMatching(new RegExp(s.pattern))
      .map((v) => v.slice(0, max))
      .filter((v) => v.length >= min && new RegExp(s.pattern!).test(v));
  }
  return fc.string({ minLength: min, maxLength: Math.max(min, Math.min(s.maxLength ?? 24, 64)), unit: 'grapheme-ascii' });
}

function integerArb(s: JsonSchema): fc.Arbitrary<number> {
  return fc.integer({
    min: Math.max(s.minimum ?? -(2 ** 31), Number.MIN_SAFE_INTEGER),
    max: Math.min(s.maximum ?? 2 ** 31, Number.MAX_SAFE_INTEGER),
  });
}

function objectArb(s: JsonSchema, o: Required<FromSchemaOptions>): fc.Arbitrary<unknown> {
  if (s.properties) {
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, child] of Object.entries(s.properties)) record[key] = fromJsonSchema(child, o);
    const requiredKeys = (s.required ?? []) as string[];
    return fc.record(record, { requiredKeys });
  }
  const values = typeof s.additionalProperties === 'object' ? fromJsonSchema(s.additionalProperties, o) : fc.jsonValue({ maxDepth: 2 });
  const keys = s.propertyNames ? (fromJsonSchema(s.propertyNames, o) as fc.Arbitrary<string>) : fc.string({ minLength: 1, maxLength: 12 });
  return fc.dictionary(keys, values, { maxKeys: o.maxItems });
}

/** An arbitrary of values that pass the JSON Schema `s` (refinements aside). */
export function fromJsonSchema(s: JsonSchema, o: Required<FromSchemaOptions>): fc.Arbitrary<unknown> {
  if ('const' in s) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const union = s.anyOf ?? s.oneOf;
  if (union) return fc.oneof(...union.map((branch) => fromJsonSchema(branch, o)));
  switch (s.type) {
    case 'string':
      return stringArb(s);
    case 'integer':
      return integerArb(s);
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = s.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(s.maxItems ?? o.maxItems, o.maxItems));
      return fc.array(s.items ? fromJsonSchema(s.items, o) : fc.jsonValue({ maxDepth: 1 }), { minLength, maxLength });
    }
    case 'object':
      return objectArb(s, o);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/**
 * Values shaped by a zod schema of the protocol, derived from its JSON Schema
 * (`z.toJSONSchema`). Refinements the JSON Schema cannot say (an adjustment is not zero,
 * seq numbers increase) are left to the caller.
 */
export function arbitraryFromSchema(schema: z.ZodMiniType, options: FromSchemaOptions = {}): fc.Arbitrary<unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return fromJsonSchema(json, { maxItems: options.maxItems ?? 4 });
}
