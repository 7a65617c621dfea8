import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Frame, Page, Route } from 'playwright-core';
import { buildInitScript } from './page-runtime.ts';
import { sessionShim } from './session.ts';
import { shared, ShimEvent } from './state.ts';
import { customSchemeOf, toBrowserUrl, toElectronUrl } from './url-map.ts';

type WindowOpenHandler = (details: { url: string; frameName: string; features: string; disposition: string }) => {
  action: 'allow' | 'deny';
};

let nextId = 1;

/** What main sees of a frame: Electron's WebFrameMain, with app:// URLs. */
export function frameMain(frame: Frame): { url: string; name: string; parent: unknown; top: unknown } {
  const parent = frame.parentFrame();
  const info = {
    url: toElectronUrl(frame.url()),
    name: frame.name(),
    parent: parent ? frameMain(parent) : null,
    top: null as unknown,
  };
  info.top = parent ? frameMain(frame.page().mainFrame()) : info;
  return info;
}

export class WebContentsShim extends EventEmitter {
  readonly id = nextId++;
  readonly session = sessionShim;
  #page: Page | null = null;
  #context: BrowserContext | null = null;
  #destroyed = false;
  #openHandler: WindowOpenHandler | null = null;
  #programmaticUrl: string | null = null;

  get page(): Page | null {
    return this.#page;
  }

  async attach(context: BrowserContext, preloadPath: string | undefined): Promise<void> {
    this.#context = context;
    const bindingName = `__electronShimIpc_${this.id}`;
    const dispatchName = `__electronShimDispatch_${this.id}_${Math.random().toString(36).slice(2)}`;
    await context.exposeBinding(bindingName, (source, kind: 'invoke' | 'send', channel: string, args: unknown[]) => {
      const event = { sender: this, senderFrame: frameMain(source.frame), frameId: 0, processId: 0, type: 'frame' };
      if (kind === 'invoke') return shared.ipcMain.invoke(channel, event, args).then(encodeReply);
      shared.ipcMain.emit(channel, event, ...args);
      return undefined;
    });
    this.#dispatchName = dispatchName;
    if (preloadPath) {
      const source = await readFile(preloadPath, 'utf8');
      const config = {
        bindingName,
        dispatchName,
        jsonReplyKey: JSON_REPLY,
        process: { platform: process.platform, versions: { ...process.versions } as Record<string, string>, env: {} },
      };
      await context.addInitScript({ content: buildInitScript(source, config) });
    }
    await context.route('**/*', (route) => this.#route(route));
    context.on('page', (page) => void this.#onPopup(page));
    this.#page = await context.newPage();
    this.#page.on('domcontentloaded', () => this.emit('dom-ready', new ShimEvent()));
    this.#page.on('load', () => this.emit('did-finish-load', new ShimEvent()));
  }

  #dispatchName = '';

  async loadURL(url: string): Promise<void> {
    if (!this.#page) throw new Error('webContents is not ready');
    const browserUrl = toBrowserUrl(url, shared.protocol.customSchemes);
    this.#programmaticUrl = browserUrl;
    await this.#page.goto(browserUrl, { waitUntil: 'load' });
  }

  /** Reloads the page it shows (Electron asks no will-navigate for it). */
  reload(): void {
    void this.#page?.reload({ waitUntil: 'load' }).catch(() => undefined);
  }

  getURL(): string {
    return this.#page ? toElectronUrl(this.#page.url()) : '';
  }

  get mainFrame() {
    if (!this.#page) throw new Error('webContents is not ready');
    return frameMain(this.#page.mainFrame());
  }

  send(channel: string, ...args: unknown[]): void {
    if (!this.#page || this.#destroyed) return;
    const payload = structuredClone(args);
    void this.#page
      .evaluate(
        ({ name, channel, payload }) =>
          (window as unknown as Record<string, (c: string, a: unknown[]) => void>)[name]?.(channel, payload),
        { name: this.#dispatchName, channel, payload },
      )
      .catch(() => undefined);
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.#openHandler = handler;
  }

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    await this.#context?.close().catch(() => undefined);
    this.emit('destroyed');
  }

  async #route(route: Route): Promise<void> {
    const request = route.request();
    const url = request.url();
    let frame: Frame | null;
    try {
      frame = request.frame();
    } catch {
      frame = null;
    }
    const page = frame?.page();
    if (page && this.#page && page !== this.#page) return this.#routePopup(route, page, url);
    if (!frame && request.isNavigationRequest()) {
      // Playwright has no frame yet for a popup's first navigation: that is window.open.
      this.#decideOpen(url);
      return route.abort('internetdisconnected');
    }
    if (frame && request.isNavigationRequest() && frame.parentFrame() === null) {
      if (url === this.#programmaticUrl) {
        this.#programmaticUrl = null;
      } else if (url !== this.#page?.url()) {
        // Electron asks will-navigate for every navigation the page starts itself, but not
        // for a reload of the page it shows.
        const event = new ShimEvent();
        this.emit('will-navigate', event, toElectronUrl(url));
        if (event.defaultPrevented) return route.abort('aborted');
      }
    }
    const scheme = customSchemeOf(url);
    if (scheme) {
      const handler = shared.protocol.handlers.get(scheme);
      if (!handler) return route.abort('failed');
      const electronUrl = toElectronUrl(url);
      const response = await handler(
        new Request(electronUrl, { method: request.method(), headers: request.headers() }),
      );
      const headers = Object.fromEntries(response.headers);
      shared.servedResponses.push({ url: electronUrl, status: response.status, headers });
      return route.fulfill({
        status: response.status,
        headers,
        body: Buffer.from(await response.arrayBuffer()),
      });
    }
    const site = shared.fakeSites.get(new URL(url).origin);
    if (site) {
      const response = site(url);
      return route.fulfill({
        status: response.status ?? 200,
        contentType: response.contentType ?? 'text/html',
        headers: response.headers ?? {},
        body: response.body,
      });
    }
    // The test machine has no network; a real page would get a network error here too.
    return route.abort('internetdisconnected');
  }

  async #routePopup(route: Route, popup: Page, url: string): Promise<void> {
    await route.abort('aborted');
    if (popup.url() === 'about:blank') this.#decideOpen(url);
  }

  /**
   * The shim opens no second window: main's window-open handler is asked (Electron asks it
   * before creating one), and the popup Chromium made is closed whatever it decides.
   */
  async #onPopup(page: Page): Promise<void> {
    if (page === this.#page || !(await page.opener())) return;
    await page.waitForLoadState('domcontentloaded').catch(() => undefined);
    if (page.url() === 'about:blank') this.#decideOpen('about:blank');
    await page.close().catch(() => undefined);
  }

  #decideOpen(url: string): void {
    const details = { url: toElectronUrl(url), frameName: '', features: '', disposition: 'new-window' };
    this.#openHandler?.(details);
  }
}

/**
 * A reply as Playwright carries it back to the page. Electron clones an IPC reply with V8's own
 * serializer (a millisecond for a page of 100 users); Playwright's binding serializer walks it
 * value by value in JavaScript, about fifty times slower, which would make the shim, not the app,
 * what the UI benchmarks measure. Plain JSON data (every Result envelope) therefore travels as one
 * JSON text that the page parses back (page-runtime.ts); anything else as before.
 */
export function encodeReply(value: unknown): unknown {
  return isPlainJson(value, 0) ? { [JSON_REPLY]: JSON.stringify(value) } : value;
}

export const JSON_REPLY = '__electronShimJsonReply';

/** A reply back as it was sent (the page runtime does the same, inline). */
export function decodeReply(reply: unknown): unknown {
  const text = reply !== null && typeof reply === 'object' ? (reply as Record<string, unknown>)[JSON_REPLY] : undefined;
  return typeof text === 'string' ? JSON.parse(text) : reply;
}

/** Data that JSON carries unchanged: no undefined, Date, typed array, Map, non-finite number... */
function isPlainJson(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== 'object' || depth > 64) return false;
  if (Array.isArray(value)) return value.every((item) => isPlainJson(item, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    // An own undefined property survives structured clone but not JSON: leave such a reply as it is.
    if (!isPlainJson(item, depth + 1)) return false;
  }
  return true;
}
