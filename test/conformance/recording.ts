// The recorded interactions, read from recordings/*.json. Each file transcribes one go-vcr cassette of
// auth0/go-auth0 (branch v1, test/data/recordings/): requests and responses as Auth0 answered them, plus
// what the replay adapts to the seeded tenant and why.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const json: z.ZodType<unknown> = z.unknown();

const multipartSchema = z.object({
  multipart: z.record(
    z.string(),
    z.union([z.string(), z.object({ filename: z.string(), contentType: z.string(), content: z.string() })]),
  ),
});

const compareSchema = z.object({
  /** Arrays whose length is the tenant's (every element is compared with the first recorded one). */
  anyLength: z.array(z.string()).optional(),
  /** Values compared by type only: tenant configuration such as connection options. */
  typeOnly: z.array(z.string()).optional(),
  /** Keys the seeded tenant has and the recorded one had not configured. */
  tenantKeys: z.array(z.string()).optional(),
  why: z.string(),
});

const interactionSchema = z.object({
  /** The interaction's `id` in the cassette. */
  index: z.number().int().nonnegative(),
  request: z.object({
    method: z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']),
    /** Path and query as recorded, from `/api/v2`. */
    url: z.string().startsWith('/api/v2/'),
    body: z.union([multipartSchema, json]).optional(),
  }),
  response: z.object({
    status: z.number().int(),
    contentType: z.string(),
    /** The recorded body, parsed; null for an empty one. */
    body: json,
  }),
  compare: compareSchema.optional(),
  /** Repeat the request until the answer has the recorded status (a background job finishing). */
  poll: z.boolean().optional(),
});

const recordingSchema = z.object({
  cassette: z.string().endsWith('.yaml'),
  source: z.string(),
  /** Setup adaptations to the seeded tenant: a recorded string and what stands for it here. */
  adapt: z.record(z.string(), z.string()).optional(),
  notes: z.string().optional(),
  interactions: z.array(interactionSchema).min(1),
  /** Interactions left out, each with its reason (routes outside the emulated API). */
  skipped: z.array(z.object({ index: z.number().int(), reason: z.string() })).optional(),
});

export type Recording = z.infer<typeof recordingSchema>;
export type Interaction = z.infer<typeof interactionSchema>;
export type CompareRules = z.infer<typeof compareSchema>;
export type MultipartBody = z.infer<typeof multipartSchema>;

export const RECORDINGS_DIR = join(import.meta.dirname, 'recordings');

export function loadRecordings(directory = RECORDINGS_DIR): Recording[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const parsed = recordingSchema.safeParse(JSON.parse(readFileSync(join(directory, name), 'utf8')));
      if (!parsed.success) throw new Error(`${name}: ${parsed.error.message}`);
      return parsed.data;
    });
}

export function isMultipart(body: unknown): body is MultipartBody {
  return multipartSchema.safeParse(body).success;
}
