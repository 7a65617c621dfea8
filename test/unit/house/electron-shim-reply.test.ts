// The shim carries a plain-JSON IPC reply as one JSON text (Playwright's own serializer is far
// slower than Electron's clone); anything JSON would change must travel as before.
import { describe, expect, it } from 'vitest';
import { encodeReply, JSON_REPLY } from '../../electron-shim/web-contents.ts';

describe('the shim encodes IPC replies', () => {
  it('sends a Result envelope of plain data as JSON text that parses back to the same value', () => {
    const reply = {
      ok: true,
      value: { users: [{ user_id: 'auth0|1', logins_count: 3, blocked: false, tags: ['a'] }], total: 1 },
    };
    const encoded = encodeReply(reply) as Record<string, string>;
    expect(Object.keys(encoded)).toEqual([JSON_REPLY]);
    expect(JSON.parse(encoded[JSON_REPLY] as string)).toEqual(reply);
  });

  it.each([
    ['a Date', { ok: true, value: new Date(0) }],
    ['an own undefined property', { ok: true, value: undefined }],
    ['a typed array', { ok: true, value: new Uint8Array([1]) }],
    ['a Map', { ok: true, value: new Map() }],
    ['a non-finite number', { ok: true, value: Number.NaN }],
    ['a negative zero', { ok: true, value: -0 }],
  ])('leaves a reply holding %s as it is, for the structured clone', (_, reply) => {
    expect(encodeReply(reply)).toBe(reply);
  });
});
