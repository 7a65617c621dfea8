import type { LogEvent, User } from '../../common/auth0.ts';
import { hashString, Random } from '../seed/random.ts';
import type { ConnectionRecord } from '../state/types.ts';

// A user's log events are derived on demand from the user (and the tenant seed), not stored: a 100k-user
// tenant would otherwise hold millions of events. The same user always yields the same events.

const USER_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
];
const CLIENTS = [
  { id: 'wXk3Ds0cQ1eYb8hNn2Lr5Vt7Zp9AaBcD', name: 'Acme Web' },
  { id: 'pQ4rS6tU8vW0xY2zA1bC3dE5fG7hI9jK', name: 'Acme iOS' },
];
const MAX_LOGINS_SHOWN = 40;

const DESCRIPTIONS: Record<string, string> = {
  s: 'Successful login',
  ss: '',
  f: 'Wrong email or password.',
  fp: 'Wrong email or password.',
  slo: 'User successfully logged out',
  sv: '',
  gd_auth_succeed: 'Guardian - Successful authentication',
  limit_wc: 'Blocked Account',
};

function strategyType(strategy: string): string {
  if (strategy === 'auth0') return 'database';
  if (strategy === 'email' || strategy === 'sms') return 'passwordless';
  if (strategy === 'samlp') return 'enterprise';
  return 'social';
}

function logId(dateMs: number, random: Random): string {
  return `900${String(dateMs).padStart(16, '0')}${random.digits(37)}`;
}

/** A seeded user's history up to `nowMs`: never an event dated in the future. */
export function userLogEvents(
  user: User,
  connection: ConnectionRecord | undefined,
  domain: string,
  blocked: boolean,
  nowMs: number = Date.now(),
): LogEvent[] {
  const random = new Random(hashString(user.user_id));
  const createdMs = Date.parse(user.created_at ?? '') || Date.now();
  const lastLoginMs = user.last_login ? Date.parse(user.last_login) : createdMs;
  const strategy = connection?.strategy ?? 'auth0';
  const agent = random.pick(USER_AGENTS);
  const client = random.pick(CLIENTS);
  const events: LogEvent[] = [];
  const push = (type: string, dateMs: number, extra: Partial<LogEvent> = {}) => {
    events.push({
      date: new Date(dateMs).toISOString(),
      type,
      description: DESCRIPTIONS[type] ?? '',
      ...(connection
        ? { connection: connection.name, connection_id: connection.id, strategy, strategy_type: strategyType(strategy) }
        : {}),
      client_id: client.id,
      client_name: client.name,
      ip: user.last_ip ?? `198.51.100.${random.between(1, 254)}`,
      user_agent: agent,
      hostname: domain,
      user_id: user.user_id,
      user_name: user.email ?? user.phone_number ?? user.username ?? user.user_id,
      isMobile: agent.includes('iPhone'),
      details: type === 's' ? { prompts: [], stats: { loginsCount: user.logins_count ?? 0 } } : {},
      log_id: logId(dateMs, random),
      ...extra,
    });
  };
  if (strategyType(strategy) !== 'social' && strategy !== 'samlp') push('ss', createdMs + 1000);
  if (user.email_verified === true && strategy === 'auth0') push('sv', createdMs + random.between(60_000, 86_400_000));
  const logins = Math.min(user.logins_count ?? 0, MAX_LOGINS_SHOWN);
  for (let index = 0; index < logins; index += 1) {
    const at = index === logins - 1 ? lastLoginMs : createdMs + Math.floor(random.next() * (lastLoginMs - createdMs));
    push('s', at);
    if (user.multifactor?.length) push('gd_auth_succeed', at - 5000);
    if (random.chance(0.1)) push(strategy === 'auth0' ? 'fp' : 'f', at - random.between(10_000, 600_000));
    if (random.chance(0.3)) push('slo', at + random.between(60_000, 7_200_000));
  }
  if (blocked) push('limit_wc', lastLoginMs + 60_000);
  const horizon = Math.min(nowMs, Math.max(lastLoginMs + 7_300_000, createdMs + 86_400_000));
  return events.filter((event) => Date.parse(event.date) <= horizon);
}
