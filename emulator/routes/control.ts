// The control endpoints (server.ts and http/request-guards.ts decide who reaches them).
import { mintUserTokens, userTokenOptionsFrom } from '../auth/user-tokens.ts';
import type { EmulatorContext } from '../context.ts';
import { checkFaults, type Faults } from '../faults.ts';
import { json, type Reply, type Route } from '../http/types.ts';
import { TIERS, type Tier } from '../rate-limit.ts';

export { CONTROL_SECRET_HEADER } from '../http/request-guards.ts';

function badRequest(message: string): Reply {
  return json(400, { error: 'invalid_request', error_description: message });
}

export function controlRoutes(emulator: EmulatorContext): Route[] {
  const kind = 'control' as const;
  const body = (value: unknown) =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return [
    { kind, method: 'GET', path: '/__emulator/faults', handler: () => json(200, emulator.faults.faults) },
    {
      kind,
      method: 'POST',
      path: '/__emulator/faults',
      handler: (context) => {
        const problem = checkFaults(context.body ?? {});
        if (problem) return badRequest(problem);
        emulator.faults.set((context.body ?? {}) as Faults);
        return json(200, emulator.faults.faults);
      },
    },
    {
      kind,
      method: 'POST',
      path: '/__emulator/tier',
      handler: (context) => {
        const tier = body(context.body).tier;
        if (!TIERS.includes(tier as Tier)) return badRequest(`tier must be one of ${TIERS.join(', ')}`);
        emulator.limiter.setTier(tier as Tier);
        return json(200, { tier });
      },
    },
    {
      kind,
      method: 'POST',
      path: '/__emulator/user-tokens',
      handler: async (context) => {
        const userId = body(context.body).user_id;
        if (userId !== undefined && typeof userId !== 'string') return badRequest('user_id must be a string');
        const options = userTokenOptionsFrom(body(context.body));
        if (typeof options === 'string') return badRequest(options);
        const tokens = await mintUserTokens(emulator, userId, options);
        return tokens
          ? json(200, tokens)
          : json(404, { error: 'not_found', error_description: 'The user does not exist.' });
      },
    },
    {
      kind,
      method: 'GET',
      path: '/__emulator/info',
      handler: () =>
        json(200, {
          url: emulator.baseUrl,
          domain: emulator.domain,
          users: emulator.store.userCount,
          tier: emulator.limiter.tier,
        }),
    },
  ];
}
