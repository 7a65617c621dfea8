// Recorded conformance: replays real Auth0 Management API traffic (the Go SDK's go-vcr cassettes, transcribed
// in recordings/*.json) against the emulator over HTTP and compares status, Content-Type and body shape.
// Each test names its cassette and interaction; the cassette's interactions run in order, since later ones
// use what earlier ones created.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../emulator/index.ts';
import { fetchToken, startTestEmulator } from '../integration/emulator/helpers.ts';
import { compareBodies, Substitutions } from './compare.ts';
import { loadRecordings } from './recording.ts';
import { replayUntilSettled } from './replay.ts';

const recordings = loadRecordings();

let emulator: EmulatorHandle;
let token: string;

beforeAll(async () => {
  emulator = await startTestEmulator({ users: 40, seed: 12 });
  token = await fetchToken(emulator);
});

afterAll(async () => {
  await emulator?.stop();
});

it('replays at least 40 recorded interactions', () => {
  expect(recordings.reduce((count, recording) => count + recording.interactions.length, 0)).toBeGreaterThanOrEqual(40);
});

for (const recording of recordings) {
  describe(recording.cassette, () => {
    const substitutions = new Substitutions(recording.adapt);
    for (const interaction of recording.interactions) {
      const { method, url } = interaction.request;
      it(`#${interaction.index} ${method} ${url.split('?')[0]}`, async () => {
        const response = await replayUntilSettled(emulator.url, token, interaction, substitutions);
        expect(response.status, response.text).toBe(interaction.response.status);
        expect(response.contentType).toBe(interaction.response.contentType);
        expect(compareBodies(interaction.response.body, response.body, substitutions, interaction.compare)).toEqual([]);
      });
    }
  });
}
