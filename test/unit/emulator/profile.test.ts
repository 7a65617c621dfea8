import { describe, expect, it } from 'vitest';
import { defaultPicture, initialsOf } from '../../../emulator/seed/profile.ts';

describe('initialsOf (the fallback avatar letters)', () => {
  it('takes the first two letters of a one-word name, as recorded for emails', () => {
    // REC: TestUserManager_Create (chuck@example.com, ch.png) and TestJobManager_ImportUsers (au.png).
    expect(initialsOf('chuck@example.com')).toBe('ch');
    expect(initialsOf('auzironian@example.com')).toBe('au');
    expect(initialsOf('chuck407@example.com')).toBe('ch');
  });

  it('takes the first letter of the first two words of a longer name', () => {
    expect(initialsOf('Grace Brewster Hopper')).toBe('gb');
    expect(initialsOf('  Ada   Lovelace ')).toBe('al');
  });

  it('falls back to "u" for a name without letters', () => {
    expect(initialsOf('+15551234567')).toBe('u');
    expect(initialsOf('')).toBe('u');
  });
});

describe('defaultPicture', () => {
  it("is the email's Gravatar with the initials avatar as fallback, on the host asked for", () => {
    // REC: TestUserManager_Create's picture for chuck@example.com, byte for byte.
    expect(defaultPicture('chuck@example.com', 'chuck@example.com')).toBe(
      'https://s.gravatar.com/avatar/0b79e7da7bc7877560620cf8f2cc93ae?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fch.png',
    );
    expect(defaultPicture('auzironian@example.com', 'auzironian@example.com', 'secure.gravatar.com')).toBe(
      'https://secure.gravatar.com/avatar/1eafdbc62a30a384b6d9a04e1cc21500?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fau.png',
    );
  });

  it('is the initials avatar itself without an email', () => {
    expect(defaultPicture(undefined, 'Jane Doe')).toBe('https://cdn.auth0.com/avatars/jd.png');
  });
});
