import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../../emulator/index.ts';

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  return startEmulator({ users: 150, seed: 7, ...options });
}

export async function fetchToken(emulator: EmulatorHandle, which: 'full' | 'readOnly' = 'full'): Promise<string> {
  const response = await fetch(`${emulator.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: which === 'full' ? emulator.clientId : emulator.readOnlyClientId,
      client_secret: which === 'full' ? emulator.clientSecret : emulator.readOnlyClientSecret,
      audience: `https://${emulator.domain}/api/v2/`,
    }),
  });
  if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A small client for the Management API: `api('GET', '/users?per_page=2')`. */
export function managementApi(emulator: EmulatorHandle, token: string) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> => {
    const response = await fetch(`${emulator.url}/api/v2${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    // Auth0 labels bodiless 204 answers as JSON too (REC), so only a body is parsed.
    if (text !== '' && (response.headers.get('content-type') ?? '').includes('application/json'))
      parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed, text };
  };
}

export function encodeId(id: string): string {
  return encodeURIComponent(id);
}

/** Polls a job until it leaves pending/processing. */
export async function waitForJob(api: ReturnType<typeof managementApi>, id: string): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const { body } = await api('GET', `/jobs/${id}`);
    const job = body as Record<string, unknown>;
    if (job.status !== 'pending' && job.status !== 'processing') return job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`job ${id} did not finish`);
}
