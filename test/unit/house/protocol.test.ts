import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  contentSecurityPolicy,
  isAppUrl,
  resolveAppPath,
  serveAppRequest,
} from '../../../main/app/protocol.ts';

const root = mkdtempSync(join(tmpdir(), 'roster-protocol-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>Roster</title>');
writeFileSync(join(root, 'assets/app.js'), 'export {}');
writeFileSync(join(root, '..', `secret-${process.pid}.txt`), 'not for the renderer');

describe('app:// protocol', () => {
  it('maps app URLs to files under the renderer folder', () => {
    expect(resolveAppPath(root, 'app://roster/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://roster/')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://roster/assets/app.js?v=1#x')).toBe(join(root, 'assets/app.js'));
  });

  it.each([
    'app://roster/../secret.txt',
    'app://roster/%2e%2e/secret.txt',
    'app://roster/..%2fsecret.txt',
    'app://roster/assets/..%2f..%2fsecret.txt',
    'app://roster/..%5csecret.txt',
    'app://roster/%00index.html',
    'app://roster/%E0%A4%A',
    'not a url',
  ])('refuses %s', (url) => {
    // Dot segments the URL parser removes stay inside the folder; anything else is refused.
    const path = resolveAppPath(root, url);
    expect(path === null || path.startsWith(root + '/')).toBe(true);
  });

  it.each([
    'app://evil/index.html',
    'app://roster.evil/index.html',
    'app://roster:8080/index.html',
    'https://roster/index.html',
    'http://roster/index.html',
    'file://roster/index.html',
    'file:///index.html',
  ])('serves nothing for %s: another host or scheme', async (url) => {
    expect(resolveAppPath(root, url)).toBeNull();
    expect((await serveAppRequest(root, new Request(url))).status).toBe(404);
  });

  it('serves files with the CSP and a content type, and 404s anything else', async () => {
    const page = await serveAppRequest(root, new Request('app://roster/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const escape = await serveAppRequest(root, new Request(`app://roster/..%2fsecret-${process.pid}.txt`));
    expect(escape.status).toBe(404);
    expect(escape.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const missing = await serveAppRequest(root, new Request('app://roster/nope.js'));
    expect(missing.status).toBe(404);
    const post = await serveAppRequest(root, new Request('app://roster/index.html', { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
  });

  it('knows its own pages', () => {
    expect(isAppUrl('app://roster/index.html')).toBe(true);
    expect(isAppUrl('app://roster.evil/index.html')).toBe(false);
    expect(isAppUrl('https://roster/index.html')).toBe(false);
    expect(isAppUrl('garbage')).toBe(false);
  });

  it('forbids inline and remote script and any connection from the page', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('allows images only from the avatar hosts, and any https image only while a tenant loads all pictures', async () => {
    const images = (policy: string) => policy.split('; ').find((directive) => directive.startsWith('img-src '));
    expect(images(CONTENT_SECURITY_POLICY)).toContain('https://*.gravatar.com');
    expect(images(CONTENT_SECURITY_POLICY)).toContain('https://cdn.auth0.com');
    expect(images(CONTENT_SECURITY_POLICY)).toContain('https://lh3.googleusercontent.com');
    expect(images(CONTENT_SECURITY_POLICY)?.split(' ')).not.toContain('https:');
    expect(images(contentSecurityPolicy({ loadAllPictures: true }))).toBe("img-src 'self' data: https:");

    let loadAll = false;
    const options = { loadAllPictures: () => loadAll };
    const before = await serveAppRequest(root, new Request('app://roster/index.html'), options);
    expect(before.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    loadAll = true;
    const after = await serveAppRequest(root, new Request('app://roster/index.html'), options);
    expect(images(after.headers.get('content-security-policy') ?? '')).toBe("img-src 'self' data: https:");
  });
});
