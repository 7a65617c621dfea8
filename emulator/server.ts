import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { AuthenticationError, ManagementError } from './http/api-error.ts';
import { parseBody, readBody } from './http/body.ts';
import type { Router } from './http/router.ts';
import type { Reply, RequestContext, Route } from './http/types.ts';
import type { EmulatorContext } from './context.ts';
import { authorizeManagement, prepareManagement } from './management.ts';
import { rateClassOf } from './rate-limit.ts';
import {
  hasJsonBody,
  isCanonicalControlPath,
  isControlPeer,
  isOwnHost,
  touchesControl,
} from './http/request-guards.ts';

export const MANAGEMENT_PREFIX = '/api/v2';
/** Auth0 answers 414 for an over-long URL; its exact limit is not published, 8 KB is the likeliest (a common proxy default). */
const MAX_URL_LENGTH = 8192;
const JSON_TYPE = 'application/json; charset=utf-8';

function send(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: Buffer | string | undefined = reply.raw;
  if (payload === undefined && reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] = JSON_TYPE;
  } else if (reply.contentType) headers['content-type'] = reply.contentType;
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  response.writeHead(reply.status, headers);
  response.end(payload);
}

function refused(status: number, error: string, description: string): Reply {
  return { status, body: { error, error_description: description } };
}

function errorReply(error: unknown, kind: Route['kind'] | 'none', log: (line: string) => void): Reply {
  if (error instanceof ManagementError && kind === 'authentication') {
    // The Authentication API answers in its own shape, also for a body it cannot read or an injected fault.
    const code = error.status >= 500 ? 'server_error' : 'invalid_request';
    return { status: error.status, body: { error: code, error_description: error.message } };
  }
  if (error instanceof ManagementError) return { status: error.status, body: error.toBody(), headers: error.headers };
  if (error instanceof AuthenticationError) return { status: error.status, body: error.toBody() };
  log(`emulator: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const internal = new ManagementError(500, 'Internal error');
  return kind === 'authentication'
    ? { status: 500, body: { error: 'server_error', error_description: 'Internal error' } }
    : { status: 500, body: internal.toBody() };
}

export function createEmulatorServer(emulator: EmulatorContext, router: Router): Server {
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const rawUrl = request.url ?? '/';
    const started = performance.now();
    // One line per request; the query string is left out since it may carry an email or a search.
    response.once('finish', () => {
      const path = rawUrl.split('?')[0];
      emulator.log(`${request.method} ${path} ${response.statusCode} ${Math.round(performance.now() - started)}ms`);
    });
    if (rawUrl.length > MAX_URL_LENGTH) {
      send(response, errorReply(new ManagementError(414, 'URI Too Long'), 'management', emulator.log));
      return;
    }
    if (!isOwnHost(request.headers.host, [emulator.baseUrl.replace(/^https?:\/\//, ''), emulator.domain])) {
      send(response, refused(421, 'misdirected_request', 'This emulator answers only to its own host name.'));
      return;
    }
    const url = new URL(rawUrl, 'http://emulator.local');
    const method = request.method ?? 'GET';
    const isManagement = url.pathname === MANAGEMENT_PREFIX || url.pathname.startsWith(`${MANAGEMENT_PREFIX}/`);
    const path = isManagement ? url.pathname.slice(MANAGEMENT_PREFIX.length) || '/' : url.pathname;
    const found = router.match(method, path);
    // Control routes are reached at `/__emulator/<name>` and nowhere else; every other spelling
    // of the same route (under /api/v2, with doubled slashes) is checked as control and then not found.
    const isControl = found?.route.kind === 'control' || touchesControl(url.pathname);
    const match = found?.route.kind === 'control' && !isCanonicalControlPath(url.pathname) ? null : found;
    if (isControl) {
      if (!isControlPeer(request, emulator.controlSecret)) {
        send(response, refused(403, 'forbidden', 'Control endpoints answer the local process only.'));
        return;
      }
      if (!hasJsonBody(request)) {
        send(response, refused(415, 'unsupported_media_type', 'Control endpoints take application/json bodies only.'));
        return;
      }
    }
    const kind = match?.route.kind ?? (isManagement ? 'management' : 'none');
    if (!isControl) {
      const latency = emulator.faults.latencyFor(url.pathname);
      if (latency > 0) await delay(latency);
      const action = emulator.faults.decide(url.pathname);
      if (action.kind === 'reset') {
        request.socket.destroy();
        return;
      }
      if (action.kind === 'error') {
        const message = action.status === 503 ? 'Service Unavailable' : 'Internal Server Error';
        send(response, errorReply(new ManagementError(action.status, message), kind, emulator.log));
        return;
      }
    }
    let rateHeaders: Record<string, string> = {};
    try {
      if (isManagement && !isControl) {
        const decision = emulator.limiter.take(rateClassOf(method, path));
        rateHeaders = decision.headers;
        if (!decision.allowed) throw new ManagementError(429, 'Global limit has been reached', 'too_many_requests');
      }
      if (!match) throw new ManagementError(404, 'Not Found');
      const context: RequestContext = {
        method,
        path,
        url,
        params: match.params,
        query: {},
        searchParams: url.searchParams,
        headers: request.headers,
        body: undefined,
        rawBody: Buffer.alloc(0),
        remoteAddress: request.socket.remoteAddress ?? '',
      };
      if (match.route.kind === 'management') context.token = await authorizeManagement(emulator, match.route, request);
      context.rawBody = await readBody(request);
      context.body = parseBody(request.headers['content-type'], context.rawBody);
      if (match.route.kind === 'management') prepareManagement(match.route, context);
      const reply = await match.route.handler(context);
      send(response, { ...reply, headers: { ...rateHeaders, ...reply.headers } });
    } catch (error) {
      const reply = errorReply(error, kind, emulator.log);
      send(response, { ...reply, headers: { ...rateHeaders, ...reply.headers } });
    }
  }

  return createServer({ maxHeaderSize: 64 * 1024 }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      emulator.log(`emulator: ${String(error)}`);
      if (!response.headersSent) send(response, errorReply(error, 'none', emulator.log));
      else response.destroy();
    });
  });
}
