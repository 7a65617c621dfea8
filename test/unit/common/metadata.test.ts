// Table tests of the metadata rules (common/metadata.ts): Auth0's key rules, reserved app_metadata
// keys, Roster's bounds, the PATCH merge and the changed-keys patch the editors send.
import { describe, expect, it } from 'vitest';
import type { Metadata } from '../../../common/auth0.ts';
import {
  findAuth0MetadataProblem,
  findMetadataProblem,
  jsonEqual,
  MAX_METADATA_BYTES,
  mergeMetadata,
  metadataPatch,
  metadataSchemaOf,
  patchedMetadata,
  RESERVED_APP_METADATA_KEYS,
} from '../../../common/metadata.ts';

describe('metadata keys (Auth0 docs: no "." and no "$" in a field name)', () => {
  const table: [string, unknown, string | null][] = [
    ['plain keys', { theme: 'dark', address: { city: 'Lyon' } }, null],
    ['a dotted key', { 'a.b': 1 }, 'user_metadata.a.b'],
    ['a leading $', { $where: 1 }, 'user_metadata.$where'],
    ['an inner $', { price$: 1 }, 'user_metadata.price$'],
    ['a nested bad key', { nested: { 'x.y': 1 } }, 'user_metadata.nested.x.y'],
    ['a bad key inside an array', { list: [{ ok: 1 }, { 'x.y': 1 }] }, 'user_metadata.list.x.y'],
    ['dots in values', { site: 'a.b.c', cost: '$5' }, null],
  ];
  it.each(table)('%s', (_, value, path) => {
    expect(findAuth0MetadataProblem('user_metadata', value as Metadata)?.path ?? null).toBe(path);
    expect(findMetadataProblem(value)?.path ?? null).toBe(path);
  });

  it.each([...RESERVED_APP_METADATA_KEYS])('reserves %s in app_metadata only', (key) => {
    expect(findAuth0MetadataProblem('app_metadata', { [key]: 1 })).toMatchObject({
      kind: 'reserved_key',
      path: `app_metadata.${key}`,
    });
    expect(findAuth0MetadataProblem('user_metadata', { [key]: 1 })).toBeNull();
  });

  it('reserves only top-level app_metadata keys', () => {
    expect(findAuth0MetadataProblem('app_metadata', { billing: { email: 'a@b.c' } })).toBeNull();
  });
});

describe("Roster's bounds", () => {
  const deep = (levels: number): unknown => (levels === 0 ? 1 : { a: deep(levels - 1) });
  const table: [string, unknown, string | null][] = [
    ['an array', [1], 'not_object'],
    ['null', null, 'not_object'],
    ['a string', 'x', 'not_object'],
    ['an empty key', { '': 1 }, 'bad_key'],
    ['a constructor key', JSON.parse('{"constructor":1}'), 'bad_key'],
    ['a __proto__ key', JSON.parse('{"__proto__":{"x":1}}'), 'bad_key'],
    ['Infinity', { a: Infinity }, 'not_json'],
    ['a Date', { a: new Date() }, 'not_json'],
    ['16 levels', deep(16), null],
    ['18 levels', deep(18), 'too_deep'],
    ['over the size bound', { a: 'x'.repeat(MAX_METADATA_BYTES) }, 'too_large'],
  ];
  it.each(table)('%s', (_, value, kind) => {
    expect(findMetadataProblem(value)?.kind ?? null).toBe(kind);
  });

  it('the IPC schema refuses with the sentence', () => {
    const result = metadataSchemaOf('app_metadata').safeParse({ email: 'x' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/reserved key email/);
  });
});

describe('PATCH merge (one level deep, null deletes, {} clears)', () => {
  const current = { theme: 'dark', address: { city: 'Lyon', zip: '69001' } };
  const table: [string, Metadata, Metadata | undefined][] = [
    ['adds a key', { lang: 'fr' }, { theme: 'dark', address: { city: 'Lyon', zip: '69001' }, lang: 'fr' }],
    ['replaces a nested object whole', { address: { city: 'Paris' } }, { theme: 'dark', address: { city: 'Paris' } }],
    ['deletes a null key', { theme: null }, { address: { city: 'Lyon', zip: '69001' } }],
    ['clears with {}', {}, undefined],
    ['leaves nothing when every key goes', { theme: null, address: null }, undefined],
  ];
  it.each(table)('%s', (_, patch, expected) => {
    expect(mergeMetadata(current, patch)).toEqual(expected);
  });

  it('keeps "user_metadata": {} but drops app_metadata once cleared (ISSUE 12)', () => {
    expect(patchedMetadata('user_metadata', current, {})).toEqual({});
    expect(patchedMetadata('app_metadata', current, {})).toBeUndefined();
  });
});

describe('metadataPatch (only the changed top-level keys)', () => {
  const before = { theme: 'dark', address: { city: 'Lyon' }, tags: ['a', 'b'] };
  const table: [string, Metadata, Metadata | null][] = [
    ['nothing changed (key order ignored)', { tags: ['a', 'b'], address: { city: 'Lyon' }, theme: 'dark' }, null],
    [
      'a nested change sends the whole top-level key',
      { ...before, address: { city: 'Paris' } },
      { address: { city: 'Paris' } },
    ],
    ['a removed key is null', { theme: 'dark', tags: ['a', 'b'] }, { address: null }],
    ['an added key', { ...before, lang: 'fr' }, { lang: 'fr' }],
    ['array order matters', { ...before, tags: ['b', 'a'] }, { tags: ['b', 'a'] }],
    ['everything removed goes key by key, never {}', {}, { theme: null, address: null, tags: null }],
  ];
  it.each(table)('%s', (_, after, expected) => {
    expect(metadataPatch(before, after)).toEqual(expected);
  });

  it('applied by the merge, it gives exactly the edited object, and keeps keys another admin added', () => {
    const after = { theme: 'light', tags: ['a'] };
    const patch = metadataPatch(before, after) as Metadata;
    expect(mergeMetadata(before, patch)).toEqual(after);
    expect(mergeMetadata({ ...before, added: 1 }, patch)).toEqual({ ...after, added: 1 });
  });

  it('compares JSON deeply', () => {
    expect(jsonEqual({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
  });
});
