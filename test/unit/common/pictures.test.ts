// The picture rule (issue 19): which users' pictures the window may load, in every form tried.
import { describe, expect, it } from 'vitest';
import { AVATAR_HOSTS, avatarImageSources, picturePolicy } from '../../../common/pictures.ts';
import { seedTenant } from '../../../emulator/seed/index.ts';
import { defaultPicture } from '../../../emulator/seed/profile.ts';

const listed = { loadAll: false };
const all = { loadAll: true };

describe('the picture rule', () => {
  it.each([
    // What Auth0 writes: Gravatar with its initials fallback, and each provider's picture host.
    'https://s.gravatar.com/avatar/0bc83cb571cd1c50ba6f3e8a78ef1346?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fjd.png',
    'https://secure.gravatar.com/avatar/c89b2bb92df91508e14172097a5e17da?s=480&r=pg&d=https%3A%2F%2Fssl.gstatic.com%2Fs2%2Fprofiles%2Fimages%2Fsilhouette80.png',
    'https://www.gravatar.com/avatar/abc?d=identicon',
    'https://cdn.auth0.com/avatars/jd.png',
    'https://lh3.googleusercontent.com/a/ACg8ocJ=s96-c',
    'https://lh6.googleusercontent.com/-OdsbOXom9qE/AAAAAAAAAAI/photo.jpg',
    'https://avatars.githubusercontent.com/u/1234567?v=4',
    'https://platform-lookaside.fbsbx.com/platform/profilepic/?asid=1&height=50&width=50&ext=1&hash=x',
    'https://scontent-ams4-1.xx.fbcdn.net/v/t1.0-1/p50x50/1.jpg',
    'https://pbs.twimg.com/profile_images/1/abc_normal.jpg',
    'https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png',
    'https://media.licdn.com/dms/image/C5603AQ/profile-displayphoto-shrink_100_100/0',
    'https://media-exp1.licdn.com/dms/image/C5603AQ/profile-displayphoto-shrink_200_200/0',
    'HTTPS://LH4.GoogleUserContent.com/x.jpg',
  ])('loads %s', (url) => {
    expect(picturePolicy(url, listed)).toEqual({ load: true, url: new URL(url).href });
  });

  it.each([
    ['https://evil.example/track.png', 'evil.example'],
    ['https://gravatar.com.evil.example/avatar/1', 'gravatar.com.evil.example'],
    ['https://evilgravatar.com/avatar/1', 'evilgravatar.com'],
    ['https://lh7.googleusercontent.com/x', 'lh7.googleusercontent.com'],
    ['https://storage.googleapis.com/bucket/me.png', 'storage.googleapis.com'],
    ['https://cdn.auth0.com.evil.example/a.png', 'cdn.auth0.com.evil.example'],
    // Gravatar redirects a hash with no avatar to its `d` URL: the fallback must pass as well.
    ['https://s.gravatar.com/avatar/1?d=https%3A%2F%2Fevil.example%2Fpixel.png', 'evil.example'],
    ['https://s.gravatar.com/avatar/1?default=https://evil.example/pixel.png', 'evil.example'],
  ])('refuses %s, naming %s', (url, host) => {
    expect(picturePolicy(url, listed)).toEqual({ load: false, reason: 'unknown_host', host });
  });

  it.each([
    'http://s.gravatar.com/avatar/1',
    'https://s.gravatar.com:8443/avatar/1',
    'https://user:pass@s.gravatar.com/avatar/1',
    'data:image/png;base64,iVBORw0KGgo=',
    'javascript:alert(1)',
    'not a url',
    'https://s.gravatar.com/avatar/1?d=http%3A%2F%2Fcdn.auth0.com%2Favatars%2Fjd.png',
  ])('refuses %s as not https on the default port', (url) => {
    expect(picturePolicy(url, all)).toEqual({ load: false, reason: 'not_https' });
  });

  it('loads any public https name with "Load all pictures", but never an internal address', () => {
    expect(picturePolicy('https://pictures.example.net/me.png', all)).toEqual({
      load: true,
      url: 'https://pictures.example.net/me.png',
    });
    // Every IP literal form the URL parser accepts ends as a dotted quad or a bracketed IPv6.
    for (const [url, host] of [
      ['https://127.1/x.png', '127.0.0.1'],
      ['https://2130706433/x.png', '127.0.0.1'],
      ['https://0x7f000001/x.png', '127.0.0.1'],
      ['https://0177.0.0.1/x.png', '127.0.0.1'],
      ['https://192.168.1.1/x.png', '192.168.1.1'],
      ['https://169.254.169.254/latest', '169.254.169.254'],
      ['https://[::1]/x.png', '[::1]'],
      ['https://localhost/x.png', 'localhost'],
      ['https://printer.local/x.png', 'printer.local'],
      ['https://router/x.png', 'router'],
      ['https://app.localhost/x.png', 'app.localhost'],
      ['https://nas.home.arpa/x.png', 'nas.home.arpa'],
    ]) {
      expect(picturePolicy(url, all), url).toEqual({ load: false, reason: 'internal', host });
      expect(picturePolicy(url, listed).load, url).toBe(false);
    }
  });

  it('loads every picture the demo tenant is seeded with, as Auth0 would have written them', () => {
    const pictures = seedTenant(2000, 7)
      .users()
      .map((user) => user.picture);
    const hosts = new Set(pictures.map((picture) => new URL(picture ?? '').hostname));
    // Gravatar with Auth0's initials fallback, Google, GitHub and the fallback alone (phone users).
    expect([...hosts].sort()).toEqual(
      ['avatars.githubusercontent.com', 'cdn.auth0.com', 'lh3.googleusercontent.com', 's.gravatar.com'].sort(),
    );
    for (const picture of pictures) expect(picturePolicy(picture, listed).load, picture).toBe(true);
    // Imported users get secure.gravatar.com (emulator/jobs/import-users.ts).
    expect(picturePolicy(defaultPicture('jane@example.com', 'Jane Doe', 'secure.gravatar.com'), listed).load).toBe(
      true,
    );
  });

  it('treats no picture as nothing to explain', () => {
    expect(picturePolicy(undefined, listed)).toEqual({ load: false, reason: 'none' });
    expect(picturePolicy('', listed)).toEqual({ load: false, reason: 'none' });
  });

  it('gives the CSP one source per host, a wildcard for the hosts whose subdomains are allowed', () => {
    expect(avatarImageSources()).toHaveLength(AVATAR_HOSTS.length);
    expect(avatarImageSources()).toContain('https://*.gravatar.com');
    expect(avatarImageSources()).toContain('https://platform-lookaside.fbsbx.com');
    expect(avatarImageSources().every((source) => /^https:\/\/(\*\.)?[a-z0-9.-]+$/.test(source))).toBe(true);
  });
});
