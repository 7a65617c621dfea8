// The app's own settings (common/settings.ts), kept in userData/settings.json. Read back through
// zod: a damaged or hand-edited file gives the defaults and a log line, never a crash. Electron
// stays outside (STYLE 6): whoever builds this applies a change through `onchange`.
import { join } from 'node:path';
import { appSettingsSchema, DEFAULT_APP_SETTINGS, type AppSettings } from '../../common/settings.ts';
import type { Logger } from '../log.ts';
import { writeFileAtomic, type FileSystem } from '../tenants/atomic-write.ts';

export interface AppSettingsDeps {
  userDataDir: string;
  fs: FileSystem;
  log: Logger;
  /** Applies settings now in force: at load and after every change. */
  onchange: (settings: AppSettings) => void;
}

export class AppSettingsService {
  readonly #deps: AppSettingsDeps;
  readonly #path: string;
  #settings: AppSettings = { ...DEFAULT_APP_SETTINGS };
  /** Writes one after another, so the file always ends with the last change. */
  #writing: Promise<void> = Promise.resolve();

  constructor(deps: AppSettingsDeps) {
    this.#deps = deps;
    this.#path = join(deps.userDataDir, 'settings.json');
  }

  async load(): Promise<AppSettings> {
    this.#settings = await this.#read();
    this.#deps.onchange(this.#settings);
    return this.get();
  }

  get(): AppSettings {
    return { ...this.#settings };
  }

  async set(changes: Partial<AppSettings>): Promise<AppSettings> {
    const next = appSettingsSchema.parse({ ...this.#settings, ...changes });
    const text = `${JSON.stringify(next, null, 2)}\n`;
    const write = this.#writing.then(() => writeFileAtomic(this.#deps.fs, this.#path, text));
    this.#writing = write.catch(() => undefined);
    await write;
    this.#settings = next;
    this.#deps.onchange(next);
    return this.get();
  }

  async #read(): Promise<AppSettings> {
    let text: string;
    try {
      text = await this.#deps.fs.readFile(this.#path, 'utf8');
    } catch {
      return { ...DEFAULT_APP_SETTINGS };
    }
    try {
      const parsed = appSettingsSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON: the defaults below.
    }
    this.#deps.log.warn('settings unreadable; using the defaults', { path: this.#path });
    return { ...DEFAULT_APP_SETTINGS };
  }
}
