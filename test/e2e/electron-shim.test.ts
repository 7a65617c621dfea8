// The shim behaves like Electron where Roster depends on it: invoke rejects with Electron's
// message when a handler throws, arguments arrive as clones, contextBridge refuses what cannot
// cross worlds, and the preload runs in the top frame only.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserWindow, __shim, app, ipcMain } from '../electron-shim/index.ts';
import { e2eUnavailable } from './support.ts';

const preload = join(mkdtempSync(join(tmpdir(), 'roster-shim-')), 'preload.cjs');
writeFileSync(
  preload,
  `const { contextBridge, ipcRenderer } = require('electron');
contextBridge.exposeInMainWorld('probe', {
  invoke: (channel, value) => ipcRenderer.invoke(channel, value),
  take: (value) => typeof value,
  hasRequire: () => typeof require,
});`,
);

// Skipped only where there is no Chromium, with a printed reason; under CI=true that is a failure.
describe.skipIf(e2eUnavailable())('electron shim', () => {
  let window: InstanceType<typeof BrowserWindow>;

  beforeAll(async () => {
    await app.whenReady();
    __shim.fakeSite('https://probe.example', () => ({
      body: '<p>probe</p><iframe src="https://probe.example/frame"></iframe>',
    }));
    window = new BrowserWindow({ webPreferences: { preload, sandbox: true, contextIsolation: true } });
    await window.loadURL('https://probe.example/');
  });

  afterAll(() => __shim.quit());

  it('rejects invoke with Electron’s message when the handler throws', async () => {
    ipcMain.handle('boom', () => {
      throw new Error('nope');
    });
    const message = await window.page.evaluate(() =>
      (window as unknown as { probe: { invoke: (c: string) => Promise<unknown> } }).probe.invoke('boom').then(
        () => 'resolved',
        (error: Error) => error.message,
      ),
    );
    expect(message).toContain("Error invoking remote method 'boom': Error: nope");
  });

  it('hands the handler a clone of the argument, and the page a clone of the result', async () => {
    let received: unknown;
    const kept = { list: [1] };
    ipcMain.handle('echo', (_event, value: { list: number[] }) => {
      received = value;
      value.list.push(2);
      return kept;
    });
    const result = await window.page.evaluate(async () => {
      const sent = { list: [0] };
      const back = await (
        window as unknown as { probe: { invoke: (c: string, v: unknown) => Promise<{ list: number[] }> } }
      ).probe.invoke('echo', sent);
      back.list.push(99);
      return { sent: sent.list, back: back.list };
    });
    expect(result).toEqual({ sent: [0], back: [1, 99] });
    expect(received).toEqual({ list: [0, 2] });
    expect(kept.list).toEqual([1]);
  });

  it('refuses values that cannot cross contextBridge, like an AbortSignal', async () => {
    const outcome = await window.page.evaluate(() => {
      const probe = (window as unknown as { probe: { take: (v: unknown) => string } }).probe;
      try {
        return probe.take(new AbortController().signal);
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(outcome).toBe('An object could not be cloned.');
  });

  it('runs the preload in the top frame only, with its own require', async () => {
    expect(
      await window.page.evaluate(() =>
        (window as unknown as { probe: { hasRequire: () => string } }).probe.hasRequire(),
      ),
    ).toBe('function');
    const frame = window.page.frames().find((candidate) => candidate.url().endsWith('/frame'));
    expect(await frame?.evaluate(() => typeof (window as unknown as { probe?: unknown }).probe)).toBe('undefined');
  });
});
