import { describe, expect, it } from 'vitest';
import { describeViolation, findViolation, type JsonSchema } from '../../../emulator/http/schema.ts';

const schema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['connection'],
  properties: {
    connection: { type: 'string', minLength: 1 },
    connection_id: {
      type: 'string',
      pattern: '^con_[A-Za-z0-9]{16}$',
      description: 'connection_id of the connection.',
    },
    per_page: { type: 'integer', minimum: 0, maximum: 100, description: 'Number of results per page.' },
    email: { type: 'string', format: 'email' },
    format: { type: 'string', enum: ['json', 'csv'] },
    roles: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    blocked: { type: 'boolean' },
  },
};

describe('findViolation speaks Auth0 validator wording', () => {
  it.each([
    [{ connection: 'a', foo: 1, bar: 2 }, "Payload validation error: 'Additional properties not allowed: foo,bar'."],
    [{}, "Payload validation error: 'Missing required property: connection'."],
    [
      { connection: 'a', connection_id: 'x' },
      "Payload validation error: 'String does not match pattern ^con_[A-Za-z0-9]{16}$' on property connection_id (connection_id of the connection).",
    ],
    [
      { connection: 'a', per_page: 1000 },
      "Payload validation error: 'Value 1000 is greater than maximum 100' on property per_page (Number of results per page).",
    ],
    [
      { connection: 'a', per_page: -1 },
      "Payload validation error: 'Value -1 is less than minimum 0' on property per_page (Number of results per page).",
    ],
    [
      { connection: 'a', blocked: 'yes' },
      "Payload validation error: 'Expected type boolean but found type string' on property blocked.",
    ],
    [
      { connection: '' },
      "Payload validation error: 'String is too short (0 chars), minimum 1' on property connection.",
    ],
    [
      { connection: 'a', email: 'nope' },
      "Payload validation error: 'Object didn't pass validation for format email: nope' on property email.",
    ],
    [{ connection: 'a', format: 'xml' }, 'Payload validation error: \'No enum match for: "xml"\' on property format.'],
    [
      { connection: 'a', roles: [] },
      "Payload validation error: 'Array is too short (0), minimum 1' on property roles.",
    ],
    [
      { connection: 'a', roles: [''] },
      "Payload validation error: 'String is too short (0 chars), minimum 1' on property roles[0].",
    ],
  ])('%j', (value, message) => {
    const violation = findViolation(schema, value);
    expect(violation).not.toBeNull();
    expect(describeViolation('Payload', violation as NonNullable<typeof violation>)).toBe(message);
  });

  it('accepts a valid value', () => {
    expect(
      findViolation(schema, { connection: 'a', per_page: 100, email: 'a@b.co', format: 'csv', roles: ['x'] }),
    ).toBeNull();
  });

  it('treats an integer as a number but not a float as an integer', () => {
    expect(findViolation({ type: 'number' }, 3)).toBeNull();
    expect(findViolation({ type: 'integer' }, 3.5)?.detail).toBe('Expected type integer but found type number');
  });
});
