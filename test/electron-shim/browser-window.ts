import { EventEmitter } from 'node:events';
import type { Page } from 'playwright-core';
import { appShim } from './app.ts';
import { browser, ShimEvent } from './state.ts';
import { WebContentsShim } from './web-contents.ts';

interface WebPreferences {
  preload?: string;
  contextIsolation?: boolean;
  sandbox?: boolean;
  nodeIntegration?: boolean;
  [key: string]: unknown;
}

interface WindowOptions {
  width?: number;
  height?: number;
  show?: boolean;
  webPreferences?: WebPreferences;
  [key: string]: unknown;
}

const windows: BrowserWindowShim[] = [];
let nextId = 1;
/** Window ids in focus order, the focused one last. */
const focusOrder: number[] = [];

export class BrowserWindowShim extends EventEmitter {
  readonly id = nextId++;
  readonly webContents = new WebContentsShim();
  readonly options: WindowOptions;
  readonly ready: Promise<void>;
  #visible: boolean;
  #destroyed = false;

  constructor(options: WindowOptions = {}) {
    super();
    const preferences = options.webPreferences ?? {};
    // The shim emulates only the configuration Roster must use; anything else is a bug to catch.
    if (
      preferences.contextIsolation === false ||
      preferences.nodeIntegration === true ||
      preferences.sandbox === false
    ) {
      throw new Error('electron-shim: only sandboxed, context-isolated windows without Node integration are supported');
    }
    this.options = options;
    this.#visible = options.show !== false;
    windows.push(this);
    focusOrder.push(this.id);
    appShim.emit('web-contents-created', new ShimEvent(), this.webContents);
    this.ready = browser().then(async (chromium) => {
      const context = await chromium.newContext({
        viewport: { width: options.width ?? 1280, height: options.height ?? 820 },
        colorScheme: appShim.colorScheme,
      });
      await this.webContents.attach(context, preferences.preload);
    });
  }

  static getAllWindows(): BrowserWindowShim[] {
    return windows.filter((window) => !window.#destroyed);
  }

  static getFocusedWindow(): BrowserWindowShim | null {
    const id = focusOrder.at(-1);
    return BrowserWindowShim.getAllWindows().find((window) => window.id === id) ?? null;
  }

  static fromWebContents(contents: WebContentsShim): BrowserWindowShim | null {
    return windows.find((window) => window.webContents === contents) ?? null;
  }

  /** Shim only: the Chromium page that stands for this window. */
  get page(): Page {
    const page = this.webContents.page;
    if (!page) throw new Error('The window has no page yet: await window.ready');
    return page;
  }

  async loadURL(url: string): Promise<void> {
    await this.ready;
    await this.webContents.loadURL(url);
    this.emit('ready-to-show', new ShimEvent());
  }

  show(): void {
    this.#visible = true;
    this.emit('show', new ShimEvent());
  }

  hide(): void {
    this.#visible = false;
  }

  isVisible(): boolean {
    return this.#visible;
  }

  focus(): void {
    focusOrder.push(this.id);
  }

  isMinimized(): boolean {
    return false;
  }

  restore(): void {}

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  close(): void {
    const event = new ShimEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) void this.destroy();
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    await this.ready.catch(() => undefined);
    await this.webContents.destroy();
    this.emit('closed');
    if (BrowserWindowShim.getAllWindows().length === 0) appShim.emit('window-all-closed');
  }
}
