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
