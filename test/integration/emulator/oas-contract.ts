// Validates emulator responses against Auth0's OpenAPI subset with ajv. The document is a verbatim
// copy of ../shared/auth0/management-api.users.oas.json, kept in the repository so that a clean
// clone (CI) has it; the emulator itself reads neither (the packaged app has no test files).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { STATUS_CODES } from 'node:http';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

const OAS_PATH = resolve(import.meta.dirname, '../../fixtures/auth0/management-api.users.oas.json');
const document = JSON.parse(readFileSync(OAS_PATH, 'utf8')) as Json;
const paths = document.paths as Record<string, Record<string, Json>>;

const ajv = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: true });
addFormats.default(ajv);
// Auth0's own formats, which say nothing checkable about responses.
for (const format of [
  'user-id',
  'client-id',
  'organization-id',
  'organization-name',
  'connection-realm',
  'strict-uri',
  'url',
  'strict-https-uri-or-null',
  'html-color',
]) {
  ajv.addFormat(format, true);
}
ajv.addSchema({ $id: 'oas', components: document.components }, 'oas');

function rewriteRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rewriteRefs);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' ? `oas${value}` : rewriteRefs(value),
    ]),
  );
}

const validators = new Map<string, ReturnType<typeof ajv.compile> | null>();

export function operationOf(method: string, template: string): Json {
  const operation = paths[template]?.[method.toLowerCase()];
  if (!operation) throw new Error(`no OAS operation ${method} ${template}`);
  return operation;
}

/**
 * Keys that recorded Auth0 traffic shows and the OAS subset leaves out; where they disagree, recorded real
 * behaviour wins (FACTS.md). REC (go-auth0 TestUserManager_Link): listed connections carry `enabled_clients`.
 */
const RECORDED_EXTRAS: Record<string, { items: string; keys: string[] }> = {
  'GET /connections': { items: 'connections', keys: ['enabled_clients'] },
};

function withoutRecordedExtras(method: string, template: string, body: unknown): unknown {
  const extras = RECORDED_EXTRAS[`${method} ${template}`];
  if (!extras || typeof body !== 'object' || body === null) return body;
  const strip = (items: unknown) =>
    Array.isArray(items)
      ? items.map((item: Json) =>
          Object.fromEntries(Object.entries(item).filter(([key]) => !extras.keys.includes(key))),
        )
      : items;
  if (Array.isArray(body)) return strip(body);
  return { ...body, [extras.items]: strip((body as Json)[extras.items]) };
}

/** Problems with a response: a status the OAS does not list, or a body that breaks its schema. */
export function contractProblems(method: string, template: string, status: number, answer: unknown): string[] {
  const body = withoutRecordedExtras(method, template, answer);
  const operation = operationOf(method, template);
  const responses = operation.responses as Record<string, Json>;
  if (!responses[String(status)]) return [`status ${status} is not documented for ${method} ${template}`];
  const key = `${method} ${template} ${status}`;
  if (!validators.has(key)) {
    const schema = ((responses[String(status)]?.content as Json | undefined)?.['application/json'] as Json | undefined)
      ?.schema;
    validators.set(key, schema ? ajv.compile(rewriteRefs(schema) as Json) : null);
  }
  const validate = validators.get(key);
  if (!validate || status === 204) return [];
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

/** FACTS.md, Errors: `{statusCode, error (the reason phrase), message, errorCode?}` and nothing else. */
export function managementErrorProblems(status: number, body: unknown): string[] {
  const problems: string[] = [];
  const error = body as Json;
  if (typeof error !== 'object' || error === null) return ['error body is not an object'];
  if (error.statusCode !== status) problems.push(`statusCode ${String(error.statusCode)} != ${status}`);
  if (error.error !== STATUS_CODES[status]) problems.push(`error ${String(error.error)} != ${STATUS_CODES[status]}`);
  if (typeof error.message !== 'string' || error.message === '') problems.push('message missing');
  if ('errorCode' in error && typeof error.errorCode !== 'string') problems.push('errorCode not a string');
  const extra = Object.keys(error).filter((key) => !['statusCode', 'error', 'message', 'errorCode'].includes(key));
  if (extra.length > 0) problems.push(`extra keys ${extra.join(',')}`);
  return problems;
}
