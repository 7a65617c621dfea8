import { describe, expect, it } from 'vitest';
import { seedTenant } from '../../../emulator/seed/index.ts';
import { userLogEvents } from '../../../emulator/users/log-events.ts';

const store = seedTenant(200, 8);

describe('userLogEvents', () => {
  it('derives the same events for the same user, about that user', () => {
    const user = store.users().find((candidate) => (candidate.logins_count ?? 0) > 5);
    expect(user).toBeDefined();
    const connection = store.connectionByName(user?.identities?.[0]?.connection ?? '');
    const events = userLogEvents(user!, connection, 'demo.roster.local', false);
    expect(userLogEvents(user!, connection, 'demo.roster.local', false)).toEqual(events);
    expect(events.every((event) => event.user_id === user?.user_id && /^\d{56}$/.test(event.log_id))).toBe(true);
    expect(events.filter((event) => event.type === 's').length).toBe(Math.min(user?.logins_count ?? 0, 40));
    expect(events.some((event) => event.type === 's' && event.date === user?.last_login)).toBe(true);
  });

  it('has no login events for a user who never logged in, and a block event for a blocked one', () => {
    const user = store.users().find((candidate) => candidate.logins_count === undefined);
    const connection = store.connectionByName(user?.identities?.[0]?.connection ?? '');
    const events = userLogEvents(user!, connection, 'demo.roster.local', true);
    expect(events.some((event) => event.type === 's')).toBe(false);
    expect(events.some((event) => event.type === 'limit_wc')).toBe(true);
  });

  it('never dates an event after now', () => {
    // A user whose history runs past their last login (a logout after it): "now" set at that login cuts it.
    const eventsOf = (user: (typeof users)[number], nowMs?: number) =>
      userLogEvents(
        user,
        store.connectionByName(user.identities?.[0]?.connection ?? ''),
        'demo.roster.local',
        false,
        nowMs,
      );
    const users = store.users();
    const user = users.find((candidate) =>
      eventsOf(candidate).some((event) => event.date > (candidate.last_login ?? '9999')),
    );
    expect(user).toBeDefined();
    const nowMs = Date.parse(user?.last_login ?? '');
    const events = eventsOf(user!, nowMs);
    expect(events.some((event) => event.type === 's')).toBe(true);
    expect(events.every((event) => Date.parse(event.date) <= nowMs)).toBe(true);
    expect(events.length).toBeLessThan(eventsOf(user!).length);
  });
});
