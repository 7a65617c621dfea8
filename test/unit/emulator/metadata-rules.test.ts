import { describe, expect, it } from 'vitest';
import { mergeMetadata, patchedMetadata } from '../../../common/metadata.ts';
import { checkMetadata } from '../../../emulator/users/metadata-rules.ts';

describe('mergeMetadata (PATCH)', () => {
  const current = { theme: 'dark', address: { city: 'Lyon', zip: '69001' }, tags: ['a'] };

  it('merges one level deep: a nested object replaces the old one whole', () => {
    expect(mergeMetadata(current, { address: { city: 'Paris' } })).toEqual({
      theme: 'dark',
      address: { city: 'Paris' },
      tags: ['a'],
    });
  });

  it('deletes keys set to null', () => {
    expect(mergeMetadata(current, { theme: null, tags: null })).toEqual({ address: { city: 'Lyon', zip: '69001' } });
  });

  it('clears everything for {} and leaves nothing behind when every key is removed', () => {
    expect(mergeMetadata(current, {})).toBeUndefined();
    expect(mergeMetadata({ a: 1 }, { a: null })).toBeUndefined();
  });

  it('does not touch the current object', () => {
    mergeMetadata(current, { theme: 'light' });
    expect(current.theme).toBe('dark');
  });
});

describe('patchedMetadata (what PATCH leaves on the user)', () => {
  it('keeps "user_metadata": {} but drops app_metadata when cleared with {} (ISSUE 12)', () => {
    expect(patchedMetadata('user_metadata', { theme: 'dark' }, {})).toEqual({});
    expect(patchedMetadata('app_metadata', { plan: 'gold' }, {})).toBeUndefined();
  });

  it('merges as mergeMetadata does otherwise', () => {
    expect(patchedMetadata('app_metadata', { plan: 'gold' }, { seats: 3 })).toEqual({ plan: 'gold', seats: 3 });
    expect(patchedMetadata('user_metadata', undefined, { theme: 'dark' })).toEqual({ theme: 'dark' });
  });
});

describe('checkMetadata', () => {
  it('refuses keys with a dot or starting with $, at any depth', () => {
    expect(() => checkMetadata('user_metadata', { 'a.b': 1 })).toThrow(/user_metadata\.a\.b/);
    expect(() => checkMetadata('user_metadata', { nested: { $where: 1 } })).toThrow(/\$where/);
    expect(() => checkMetadata('user_metadata', { list: [{ 'x.y': 1 }] })).toThrow();
  });

  it('refuses reserved app_metadata keys only in app_metadata', () => {
    expect(() => checkMetadata('app_metadata', { blocked: true })).toThrow(/blocked/);
    expect(() => checkMetadata('user_metadata', { blocked: true })).not.toThrow();
  });
});
