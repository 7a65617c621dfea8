// Sends a recorded request to the emulator over HTTP as the Go SDK sent it (JSON, or multipart for imports),
// with the setup's adaptations and the ids learnt so far put in.
import { vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Substitutions } from './compare.ts';
import { isMultipart, type Interaction, type MultipartBody } from './recording.ts';

export interface ReplayedResponse {
  status: number;
  contentType: string | undefined;
  /** The parsed JSON body, or null when the body is empty. */
  body: unknown;
  text: string;
}

function multipartPayload(body: MultipartBody, substitutions: Substitutions): { type: string; data: Buffer } {
  const boundary = randomBytes(30).toString('hex');
  const parts = Object.entries(body.multipart).map(([name, value]) => {
    if (typeof value === 'string') {
      return `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${substitutions.apply(value)}\r\n`;
    }
    return (
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.filename}"\r\n` +
      `Content-Type: ${value.contentType}\r\n\r\n${substitutions.apply(value.content)}\r\n`
    );
  });
  return {
    type: `multipart/form-data; boundary=${boundary}`,
    data: Buffer.from(`${parts.join('')}--${boundary}--\r\n`),
  };
}

function payloadOf(interaction: Interaction, substitutions: Substitutions): { type: string; data: Buffer } | null {
  const body = interaction.request.body;
  if (body === undefined) return null;
  if (isMultipart(body)) return multipartPayload(body, substitutions);
  return { type: 'application/json', data: Buffer.from(JSON.stringify(substitutions.applyDeep(body))) };
}

export async function replay(
  baseUrl: string,
  token: string,
  interaction: Interaction,
  substitutions: Substitutions,
): Promise<ReplayedResponse> {
  const url = new URL(substitutions.apply(interaction.request.url), baseUrl);
  const payload = payloadOf(interaction, substitutions);
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'user-agent': 'Go-Auth0-SDK/latest' };
  if (payload) {
    headers['content-type'] = payload.type;
    headers['content-length'] = String(payload.data.length);
  }
  // node:http rather than fetch: the SDK sends bodies on GET too (`{}` to /user-blocks), which fetch refuses.
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: interaction.request.method, headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const contentType = incoming.headers['content-type'];
        try {
          resolve({ status: incoming.statusCode ?? 0, contentType, body: text === '' ? null : JSON.parse(text), text });
        } catch {
          reject(
            new Error(`${interaction.request.method} ${url.pathname}: the body is not JSON: ${text.slice(0, 200)}`),
          );
        }
      });
    });
    outgoing.on('error', reject);
    outgoing.end(payload?.data);
  });
}

/** The recorded answer's `status` field (a job's state), when it has one. */
export function recordedJobStatus(interaction: Interaction): string | undefined {
  const body = interaction.response.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const status = (body as Record<string, unknown>).status;
  return typeof status === 'string' ? status : undefined;
}

/**
 * For interactions marked `poll`: asks again until the answer has the recorded HTTP status (and job status),
 * as the recorded test waited for the background job; gives up after `timeoutMs`.
 */
export async function replayUntilSettled(
  baseUrl: string,
  token: string,
  interaction: Interaction,
  substitutions: Substitutions,
  timeoutMs = 10_000,
): Promise<ReplayedResponse> {
  const wantedJobStatus = recordedJobStatus(interaction);
  const isSettled = (response: ReplayedResponse) =>
    response.status === interaction.response.status &&
    (wantedJobStatus === undefined || (response.body as Record<string, unknown> | null)?.status === wantedJobStatus);
  const first = await replay(baseUrl, token, interaction, substitutions);
  if (isSettled(first) || !interaction.poll) return first;
  // The job runs in the background: wait until the answer is the recorded one, as the recorded
  // test did; after the timeout the last answer is compared (and reported) as it is.
  let last = first;
  await vi
    .waitFor(
      async () => {
        last = await replay(baseUrl, token, interaction, substitutions);
        if (!isSettled(last)) throw new Error('not settled yet');
      },
      { timeout: timeoutMs, interval: 20 },
    )
    .catch(() => undefined);
  return last;
}
