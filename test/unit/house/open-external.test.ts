import { describe, expect, it } from 'vitest';
import { __shim } from '../../electron-shim/index.ts';
import { isAllowedExternalUrl, safeOpenExternal } from '../../../main/app/open-external.ts';

describe('safeOpenExternal', () => {
  it.each([
    'https://auth0.com/docs/api/management/v2',
    'https://manage.auth0.com/dashboard/eu/tenant/users',
    'https://community.auth0.com/t/123',
  ])('opens %s', async (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
    expect(await safeOpenExternal(url)).toBe(true);
    expect(__shim.openedExternal.at(-1)).toBe(url);
  });

  it.each([
    'http://auth0.com/docs',
    'https://auth0.com.evil.example/docs',
    'https://evil.example/?https://auth0.com',
    'https://user:pass@auth0.com/',
    'https://auth0.com:8443/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://auth0.com/share',
    'ms-settings:',
    'not a url',
    '',
  ])('refuses %s', async (url) => {
    const before = __shim.openedExternal.length;
    expect(isAllowedExternalUrl(url)).toBe(false);
    expect(await safeOpenExternal(url)).toBe(false);
    expect(__shim.openedExternal.length).toBe(before);
  });
});
