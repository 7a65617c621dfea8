// The real Electron, where its binary can be had (it is downloaded on first `npm start`; this
// machine may have no internet). Everything else in test/e2e runs through the shim.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';

function electronBinary(): string | null {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = join(
      process.env.ELECTRON_OVERRIDE_DIST_PATH,
      process.platform === 'win32' ? 'electron.exe' : 'electron',
    );
    return existsSync(binary) ? binary : null;
  }
  const pathFile = join(process.cwd(), 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(process.cwd(), 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
if (!binary) {
  console.warn(
    'Skipping the real-Electron smoke test: the Electron binary has not been downloaded (it needs internet on first `npm start`). The shim suite covers main, preload and renderer.',
  );
}

// Skipped where the Electron binary was never downloaded (no internet, as on CI here): it is fetched
// on first `npm start`. The shim suites run the same main, preload and renderer meanwhile.
describe.skipIf(!binary)('real Electron smoke test', () => {
  it('starts, shows the shell with app:info, and keeps Node out of the page', async () => {
    const app = await electron.launch({
      executablePath: binary!,
      args: ['.'],
      env: { ...process.env, ROSTER_USER_DATA_DIR: mkdtempSync(join(tmpdir(), 'roster-electron-')) },
    });
    try {
      const page = await app.firstWindow();
      await page.getByTestId('app-info').waitFor();
      expect(await page.getByTestId('app-info').textContent()).toContain('Roster');
      expect(
        await page.evaluate(() => [
          typeof (globalThis as { require?: unknown }).require,
          typeof (globalThis as { process?: unknown }).process,
        ]),
      ).toEqual(['undefined', 'undefined']);
    } finally {
      await app.close();
    }
  });
});
