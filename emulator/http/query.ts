import type { OperationSpec } from '../generated/oas-operations.ts';
import { ManagementError } from './api-error.ts';
import { describeViolation, findViolation, type JsonSchema } from './schema.ts';

function coerce(schema: JsonSchema, values: string[]): unknown {
  const value = values[values.length - 1] as string;
  if (schema.type === 'array') return values.flatMap((entry) => entry.split(','));
  if (schema.type === 'integer' || schema.type === 'number')
    return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (schema.type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

/**
 * Coerces query parameters to the types the OAS declares and checks them, answering
 * `400 invalid_query_string` with Auth0's wording ("Query validation error: ... on property per_page (...)").
 * Parameters the operation does not declare are refused, as Auth0 does, except on the routes where
 * Auth0 ignores them (`ignoreUnknown`: the jobs routes).
 */
export function readQuery(
  operation: OperationSpec,
  searchParams: URLSearchParams,
  ignoreUnknown = false,
): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  const names = new Set(searchParams.keys());
  const unknown = [...names].filter((name) => !(name in operation.query));
  if (unknown.length > 0 && !ignoreUnknown) {
    throw new ManagementError(
      400,
      `Query validation error: 'Additional properties not allowed: ${unknown.join(',')}'.`,
      'invalid_query_string',
    );
  }
  for (const [name, schema] of Object.entries(operation.query)) {
    if (!names.has(name)) {
      if (schema.isRequired) {
        throw new ManagementError(
          400,
          `Query validation error: 'Missing required property: ${name}'.`,
          'invalid_query_string',
        );
      }
      continue;
    }
    const value = coerce(schema, searchParams.getAll(name));
    const violation = findViolation(schema, value, name);
    if (violation) throw new ManagementError(400, describeViolation('Query', violation), 'invalid_query_string');
    query[name] = value;
  }
  return query;
}
