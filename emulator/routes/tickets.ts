import type { EmulatorContext } from '../context.ts';
import { ManagementError } from '../http/api-error.ts';
import { json, type Route } from '../http/types.ts';
import { secureAlphanumeric } from '../seed/random.ts';
import { primaryConnection } from '../state/store.ts';

const DEFAULT_TTL_S = 432_000;

interface TicketBody {
  user_id?: string;
  email?: string;
  connection_id?: string;
  result_url?: string;
  ttl_sec?: number;
  mark_email_as_verified?: boolean;
}

/**
 * POST /tickets/password-change (FACTS.md): a user by user_id, or by email + connection_id (not both);
 * answers 201 `{ticket}` with a link valid 5 days unless ttl_sec says otherwise. The emulator has no
 * login pages, so the link is only ever shown, not followed.
 */
function passwordChangeTicket(emulator: EmulatorContext, body: TicketBody) {
  if (body.user_id !== undefined && body.connection_id !== undefined) {
    throw new ManagementError(
      400,
      'Payload validation error: user_id and connection_id cannot be used together.',
      'invalid_body',
    );
  }
  let user = body.user_id !== undefined ? emulator.store.getUser(body.user_id) : undefined;
  if (body.user_id === undefined) {
    if (body.email === undefined || body.connection_id === undefined) {
      throw new ManagementError(400, "Payload validation error: 'Missing required property: user_id'.", 'invalid_body');
    }
    const connection = emulator.store.connectionById(body.connection_id);
    if (!connection) throw new ManagementError(400, 'The connection does not exist.', 'inexistent_connection');
    user = emulator.store.findByEmailInConnection(connection.name, body.email);
  }
  if (!user) throw new ManagementError(404, 'The user does not exist.', 'inexistent_user');
  const connection = emulator.store.connectionByName(primaryConnection(user) ?? '');
  if (connection?.strategy !== 'auth0') {
    // Only database users have a password to change; the wording of the refusal is the likeliest.
    throw new ManagementError(
      400,
      'Password change tickets can only be created for users of database connections.',
      'operation_not_supported',
    );
  }
  // REC (TestTicketManager_ChangePassword): the ticket is 32 letters and digits. The link is valid for
  // ttl_sec (default 5 days); the emulator has no page to follow it to, so nothing checks it.
  const ttl = body.ttl_sec === undefined || body.ttl_sec === 0 ? DEFAULT_TTL_S : body.ttl_sec;
  emulator.log(`emulator: password-change ticket for ${user.user_id}, valid ${ttl} s`);
  return json(201, { ticket: `https://${emulator.domain}/u/reset-password?ticket=${secureAlphanumeric(32)}#` });
}

export function ticketRoutes(emulator: EmulatorContext): Route[] {
  return [
    {
      kind: 'management',
      method: 'POST',
      path: '/tickets/password-change',
      operationId: 'post_password-change',
      handler: (context) => passwordChangeTicket(emulator, (context.body ?? {}) as TicketBody),
    },
  ];
}
