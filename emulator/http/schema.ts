// A small JSON-schema checker for the subset the Auth0 OAS uses, with the wording of Auth0's own
// validator (z-schema): "Additional properties not allowed: foo", "Value 1000 is greater than maximum 100",
// "String does not match pattern ^con_[A-Za-z0-9]{16}$" (FACTS.md, Errors). ajv is a dev dependency
// only, and its messages differ, so the emulator checks with this.

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  items?: JsonSchema;
  minItems?: number;
  minProperties?: number;
  format?: string;
  oneOf?: JsonSchema[];
  description?: string;
}

export interface SchemaViolation {
  detail: string;
  /** Dotted path of the offending property, absent for the root. */
  property?: string;
  description?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string, actual: string): boolean {
  return expected === actual || (expected === 'number' && actual === 'integer');
}

function checkFormat(format: string, value: string): boolean {
  if (format === 'email') return EMAIL.test(value);
  if (format === 'strict-uri' || format === 'url' || format === 'uri') return URL.canParse(value);
  return true;
}

/** First violation of `value` against `schema`, or null. */
export function findViolation(schema: JsonSchema, value: unknown, property?: string): SchemaViolation | null {
  const at = (detail: string): SchemaViolation => ({
    detail,
    ...(property !== undefined ? { property } : {}),
    ...(property !== undefined && schema.description ? { description: schema.description } : {}),
  });
  const actual = typeOf(value);
  if (schema.oneOf) {
    const matches = schema.oneOf.filter((option) => findViolation(option, value, property) === null).length;
    if (matches !== 1) return at("Data does not match any schemas from 'oneOf'");
  }
  if (schema.type !== undefined) {
    const expected = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!expected.some((type) => typeMatches(type, actual))) {
      return at(`Expected type ${expected.join(',')} but found type ${actual}`);
    }
  }
  if (schema.enum && !schema.enum.includes(value)) return at(`No enum match for: ${JSON.stringify(value)}`);
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) {
      return at(`String is too short (${length} chars), minimum ${schema.minLength}`);
    }
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      return at(`String is too long (${length} chars), maximum ${schema.maxLength}`);
    }
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
      return at(`String does not match pattern ${schema.pattern}`);
    }
    if (schema.format !== undefined && !checkFormat(schema.format, value)) {
      return at(`Object didn't pass validation for format ${schema.format}: ${value}`);
    }
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) {
      return at(`Value ${value} is less than minimum ${schema.minimum}`);
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      return at(`Value ${value} is greater than maximum ${schema.maximum}`);
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      return at(`Array is too short (${value.length}), minimum ${schema.minItems}`);
    }
    if (schema.items) {
      for (let index = 0; index < value.length; index += 1) {
        const found = findViolation(schema.items, value[index], `${property ?? ''}[${index}]`);
        if (found) return found;
      }
    }
  }
  if (actual === 'object') return findObjectViolation(schema, value as Record<string, unknown>, property, at);
  return null;
}

function findObjectViolation(
  schema: JsonSchema,
  value: Record<string, unknown>,
  property: string | undefined,
  at: (detail: string) => SchemaViolation,
): SchemaViolation | null {
  const keys = Object.keys(value);
  if (schema.minProperties !== undefined && keys.length < schema.minProperties) {
    return at(`Too few properties defined (${keys.length}), minimum ${schema.minProperties}`);
  }
  const properties = schema.properties ?? {};
  if (schema.additionalProperties === false) {
    const extra = keys.filter((key) => !(key in properties));
    if (extra.length > 0) return at(`Additional properties not allowed: ${extra.join(',')}`);
  }
  for (const name of schema.required ?? []) {
    if (value[name] === undefined) return at(`Missing required property: ${name}`);
  }
  for (const key of keys) {
    const child = properties[key];
    if (!child) continue;
    const found = findViolation(child, value[key], property ? `${property}.${key}` : key);
    if (found) return found;
  }
  return null;
}

/** Auth0's wording around a violation: `Payload validation error: '...' on property x (description).` */
export function describeViolation(kind: 'Payload' | 'Query', violation: SchemaViolation): string {
  const head = `${kind} validation error: '${violation.detail}'`;
  if (violation.property === undefined) return `${head}.`;
  const description = violation.description ? ` (${violation.description.replace(/\.$/, '')})` : '';
  return `${head} on property ${violation.property}${description}.`;
}
