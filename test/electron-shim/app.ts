import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browser, shared, ShimEvent } from './state.ts';

const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
  name: string;
  productName?: string;
  version: string;
};

function electronVersion(): string {
  const path = join(process.cwd(), 'node_modules/electron/package.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

function defineVersion(name: string, value: string): void {
  Object.defineProperty(process.versions, name, { value, enumerable: true, configurable: true, writable: false });
}

/** Electron's app: lifecycle events, paths, and what main switched on before ready. */
class AppShim extends EventEmitter {
  readonly isPackaged = false;
  sandboxEnabled = false;
  colorScheme: 'light' | 'dark' = 'light';
  #ready: Promise<void> | null = null;
  #isReady = false;
  #attempt: Promise<void> | null = null;
  #done: Promise<void> | null = null;
  #resolveDone: (() => void) | null = null;
  readonly #paths = new Map<string, string>();

  whenReady(): Promise<void> {
    this.#ready ??= browser().then((chromium) => {
      // Electron's own entries in process.versions: the Electron that would run, and this Chromium.
      defineVersion('electron', `${electronVersion()}-shim`);
      defineVersion('chrome', chromium.version());
      shared.protocol.markReady();
      this.#isReady = true;
      this.emit('ready', new ShimEvent());
    });
    return this.#ready;
  }

  isReady(): boolean {
    return this.#isReady;
  }

  getName(): string {
    return pkg.productName ?? pkg.name;
  }

  getVersion(): string {
    return pkg.version;
  }

  getAppPath(): string {
    return process.cwd();
  }

  getPath(name: string): string {
    let path = this.#paths.get(name);
    if (!path) {
      path = mkdtempSync(join(tmpdir(), `roster-shim-${name}-`));
      this.#paths.set(name, path);
    }
    return path;
  }

  setPath(name: string, path: string): void {
    this.#paths.set(name, path);
  }

  enableSandbox(): void {
    if (this.#isReady) throw new Error('app.enableSandbox() must be called before the app is ready');
    this.sandboxEnabled = true;
  }

  requestSingleInstanceLock(): boolean {
    return true;
  }

  quit(): void {
    void this.quitAndWait();
  }

  exit(code = 0): void {
    process.exitCode = code;
    void this.quitAndWait();
  }

  /**
   * Shim only: quits like Electron (before-quit, windows closed, will-quit, quit), then closes
   * Chromium. A will-quit listener that prevents the default stops this attempt, as in Electron;
   * the promise settles when a later app.quit() gets through.
   */
  quitAndWait(): Promise<void> {
    this.#done ??= new Promise((resolve) => (this.#resolveDone = resolve));
    if (!this.#attempt) this.#attempt = this.#attemptQuit().finally(() => (this.#attempt = null));
    return this.#done;
  }

  async #attemptQuit(): Promise<void> {
    this.emit('before-quit', new ShimEvent());
    const { BrowserWindowShim } = await import('./browser-window.ts');
    await Promise.all(BrowserWindowShim.getAllWindows().map((window) => window.destroy()));
    const willQuit = new ShimEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    this.emit('quit', new ShimEvent(), process.exitCode ?? 0);
    const chromium = shared.browser;
    shared.browser = null;
    if (chromium) await (await chromium).close();
    this.#resolveDone?.();
  }
}

export const appShim = new AppShim();
