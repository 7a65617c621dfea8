// What main reads from its environment. A packaged app ignores every ROSTER_* override but the
// log level: anything that starts it (a shortcut, another program) could otherwise point it at
// another data folder or another keychain service. ROSTER_LOG_LEVEL is safe: every line is
// redacted whatever the level. Development builds and the test shim honour them all.
import { parseLogLevel, type LogLevel } from '../log.ts';

export interface Environment {
  /** ROSTER_USER_DATA_DIR, development only: a separate data folder. */
  userDataDir: string | undefined;
  /** ROSTER_LOG_LEVEL, always honoured. */
  logLevel: LogLevel;
  /** ROSTER_KEYCHAIN_SERVICE, development only: tests use their own keychain service. */
  keychainService: string | undefined;
  /** ELECTRON_RENDERER_URL, development only: electron-vite's dev server. */
  devServerUrl: string | undefined;
  /** ROSTER_DEMO_CONTROL_SECRET, development only: lets e2e tests mint the demo users' tokens. */
  demoControlSecret: string | undefined;
}

export function readEnvironment(isPackaged: boolean, env: NodeJS.ProcessEnv): Environment {
  const developmentOnly = (name: string) => (isPackaged ? undefined : env[name]?.trim() || undefined);
  return {
    userDataDir: developmentOnly('ROSTER_USER_DATA_DIR'),
    logLevel: parseLogLevel(env.ROSTER_LOG_LEVEL, 'info'),
    keychainService: developmentOnly('ROSTER_KEYCHAIN_SERVICE'),
    devServerUrl: developmentOnly('ELECTRON_RENDERER_URL'),
    demoControlSecret: developmentOnly('ROSTER_DEMO_CONTROL_SECRET'),
  };
}

/**
 * Command-line switches that open a debugger into main or a renderer: Chromium's DevTools
 * protocol (`--remote-debugging-port`, `-pipe`, `-address`, `--remote-allow-origins`) and Node's
 * inspector (`--inspect`, `--inspect-brk`, `--inspect-port`, the old `--debug`), also when
 * smuggled to V8 through `--js-flags`. The fuses turn off NODE_OPTIONS and Node's own inspect
 * arguments, but not Chromium's switches; anyone who can start the installed app could attach
 * to it and read secrets out of main. Chromium takes `--name`, `-name` and, on Windows, `/name`,
 * in any case on Windows.
 */
const DEBUGGING_SWITCH =
  /^(?:remote-debugging-[a-z-]+|remote-allow-origins|inspect(?:-brk|-brk-node|-port|-publish-uid)?|debug(?:-brk|-port)?)$/;
const CARRIES_INSPECTOR = /inspect|debug/i;

function switchOf(argument: string, platform: NodeJS.Platform): { name: string; value: string } | null {
  const prefix = /^--?/.exec(argument)?.[0] ?? (platform === 'win32' && argument.startsWith('/') ? '/' : '');
  if (prefix === '') return null;
  const rest = argument.slice(prefix.length);
  const equals = rest.indexOf('=');
  const name = (equals === -1 ? rest : rest.slice(0, equals)).toLowerCase();
  return { name, value: equals === -1 ? '' : rest.slice(equals + 1) };
}

/** The debugging switches in a command line (argv[0], the executable, is skipped), as given. */
export function debuggingSwitchesIn(argv: readonly string[], platform: NodeJS.Platform = process.platform): string[] {
  const found: string[] = [];
  for (const argument of argv.slice(1)) {
    const parsed = switchOf(argument, platform);
    if (!parsed) continue;
    if (DEBUGGING_SWITCH.test(parsed.name) || (parsed.name === 'js-flags' && CARRIES_INSPECTOR.test(parsed.value))) {
      found.push(argument);
    }
  }
  return found;
}

/**
 * Why a packaged Roster refuses to start with this command line, or null. Development builds
 * and the test shim take the switches: that is how Roster is debugged.
 */
export function commandLineProblem(
  isPackaged: boolean,
  argv: readonly string[],
  platform?: NodeJS.Platform,
): string | null {
  if (!isPackaged) return null;
  const switches = debuggingSwitchesIn(argv, platform);
  if (switches.length === 0) return null;
  return `Roster does not start with debugging switches (${switches.join(' ')}): they would let another program read your tenants' secrets. Start Roster without them.`;
}
