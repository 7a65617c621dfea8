// Structured logs, one JSON object a line, with secrets redacted (STYLE: authorization,
// client_secret, password, tokens never reach a log).

// By pattern, not by a list: any key that names a secret, in any case and with any separator
// (`client_secret`, `clientSecret`, `X-Api-Key`, `privateKey`, `set-cookie`, `id_token`).
const SECRET_WORDS = /(secret|token|passw|authoriz|apikey|private|cookie|credential|signature|session)/;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
/** `name=value` pairs of a form-encoded body or a query string. */
const FORM_PAIR = /([^\s=&?;,"']+)=([^&\s;,"']*)/g;
/** `"name": "value"` pairs of JSON held in a string. */
const JSON_PAIR = /"([^"\\]{1,100})"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;

export function isSecretKey(key: string): boolean {
  return SECRET_WORDS.test(key.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (line: string) => void;

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export function redactText(text: string): string {
  return text
    .replace(BEARER, '$1 [redacted]')
    .replace(JWT, '[redacted-jwt]')
    .replace(JSON_PAIR, (pair, key: string, colon: string) =>
      isSecretKey(key) ? `"${key}"${colon}"[redacted]"` : pair,
    )
    .replace(FORM_PAIR, (pair, key: string) => {
      let name = key;
      try {
        name = decodeURIComponent(key);
      } catch {
        // A malformed escape: judge the name as written.
      }
      return isSecretKey(name) ? `${key}=[redacted]` : pair;
    });
}

/** A deep copy with every secret-looking key and every bearer token or JWT replaced. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[deep]';
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretKey(key) ? '[redacted]' : redact(item, depth + 1);
  }
  return out;
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export function parseLogLevel(value: string | undefined, fallback: LogLevel): LogLevel {
  return LEVELS.find((level) => level === value?.trim().toLowerCase()) ?? fallback;
}

/** Lines below `minLevel` are dropped; every line that is written has its secrets redacted. */
export function createLogger(
  sink: LogSink = (line) => process.stderr.write(`${line}\n`),
  base: Record<string, unknown> = {},
  minLevel: LogLevel = 'debug',
): Logger {
  const threshold = LEVELS.indexOf(minLevel);
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (LEVELS.indexOf(level) < threshold) return;
    const record = {
      time: new Date().toISOString(),
      level,
      message: redactText(message),
      ...(redact({ ...base, ...fields }) as object),
    };
    sink(JSON.stringify(record));
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    child: (fields) => createLogger(sink, { ...base, ...fields }, minLevel),
  };
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};
