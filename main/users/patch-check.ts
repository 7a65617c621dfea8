// Refuse before sending (issue 10): a PATCH that breaks one of Auth0's rules (common/patch-rules.ts)
// never leaves main; the admin reads why, as `invalid_argument`, instead of Auth0's 400. The
// connection rules need the tenant's connections, read once and kept a few minutes; without
// read:connections they are left for Auth0 to judge.
import type { User } from '../../common/auth0.ts';
import {
  connectionFactsOf,
  findForbiddenPair,
  findPatchProblem,
  type ConnectionFacts,
} from '../../common/patch-rules.ts';
import type { UpdateUserBody } from '../../common/users.ts';
import type { ManagementApi } from '../auth0/management-api.ts';
import { AppError } from '../errors.ts';

const CONNECTIONS_TTL_MS = 5 * 60_000;

export class PatchCheck {
  readonly #now: () => number;
  readonly #connections = new Map<string, { at: number; byName: Map<string, ConnectionFacts> }>();

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** The rules that need no user: refused before anything is read. */
  refuseWithoutUser(body: UpdateUserBody): void {
    const pair = findForbiddenPair(body);
    if (pair) throw new AppError('invalid_argument', pair.message);
  }

  /** Every rule, against the user as Auth0 holds it now. */
  async refuse(
    api: ManagementApi,
    tenantId: string,
    user: User,
    body: UpdateUserBody,
    signal?: AbortSignal,
  ): Promise<void> {
    const connections = await this.#connectionsOf(api, tenantId, signal);
    const problem = findPatchProblem(body, user, (name) => connections.get(name));
    if (problem) throw new AppError('invalid_argument', `${problem.message} Nothing was sent.`);
  }

  forget(tenantId: string): void {
    this.#connections.delete(tenantId);
  }

  async #connectionsOf(
    api: ManagementApi,
    tenantId: string,
    signal?: AbortSignal,
  ): Promise<Map<string, ConnectionFacts>> {
    const known = this.#connections.get(tenantId);
    if (known && this.#now() - known.at < CONNECTIONS_TTL_MS) return known.byName;
    let byName = new Map<string, ConnectionFacts>();
    try {
      const list = await api.listConnections(signal);
      byName = new Map(list.map((connection) => [connection.name, connectionFactsOf(connection)]));
    } catch (error) {
      // No read:connections: Auth0 will judge the connection rules itself.
      if (!(error instanceof AppError) || error.code !== 'insufficient_scope') throw error;
    }
    this.#connections.set(tenantId, { at: this.#now(), byName });
    return byName;
  }
}
