// Structured logs, one JSON object a line, with secrets redacted (STYLE: authorization,
// client_secret, password, tokens never reach a log).

// By pattern, not by a list: any key that names a secret, in any case and with any separator
// (`client_secret`, `clientSecret`, `X-Api-Key`, `privateKey`, `set-cookie`, `id_token`).
const SECRET_WORDS = /(secret|token|passw|authoriz|apikey|private|cookie|credential|signature|session)/;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
/** A PEM private key (PKCS#1, PKCS#8, EC, OpenSSH, encrypted), whole; cut short, to the end. */
const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;
/** The password of a URL's userinfo (`https://user:password@host`), up to the authority's last `@`. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:"'<>]*):[^\s/?#"'<>]*@/gi;
/** A quoted value (either quote, with escapes); one never closed runs to the end of the text. */
const VALUE = String.raw`"(?:[^"\\]|\\.)*(?:"|$)|'(?:[^'\\]|\\.)*(?:'|$)`;
/** `name=value` pairs of a form-encoded body, a query string or a command line; quoted (VALUE) or bare. */
const FORM_PAIR = new RegExp(String.raw`([^\s=&?;,"']+)=(${VALUE}|[^&\s;,"']*)`, 'g');
/** `"name": "value"` pairs of JSON held in a string; the name may be escaped (`client\u005fsecret`). */
const JSON_PAIR = /"((?:[^"\\]|\\.){1,100})"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;
/** `["name", "value"]`: a header pair (Headers entries, raw headers) written out as text. */
const PAIR_ARRAY = new RegExp(String.raw`\[(\s*)(["'])([^"'\\]{1,100})\2(\s*,\s*)(${VALUE})`, 'g');
/** `name: value` in prose, a header line or util.inspect's `{ name: 'value' }` (JSON's quoted names: JSON_PAIR). */
const COLON_PAIR = new RegExp(
  String.raw`(^|[^\w"'\\-])(')?([A-Za-z_][\w.-]{0,99})\2(\s*:[ \t]*)(${VALUE}|[^\s,;&'"}\]]+)`,
  'g',
);

export function isSecretKey(key: string): boolean {
  return SECRET_WORDS.test(key.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/** A JSON string's text as JSON reads it (`client\u005fsecret` is `client_secret`). */
function jsonText(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
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
    .replace(PRIVATE_KEY, '[redacted-private-key]')
    .replace(BEARER, '$1 [redacted]')
    .replace(JWT, '[redacted-jwt]')
    .replace(URL_PASSWORD, '$1:[redacted]@')
    .replace(JSON_PAIR, (pair, key: string, colon: string) =>
      isSecretKey(jsonText(key)) ? `"${key}"${colon}"[redacted]"` : pair,
    )
    .replace(PAIR_ARRAY, (pair, space: string, quote: string, key: string, comma: string) =>
      isSecretKey(key) ? `[${space}${quote}${key}${quote}${comma}"[redacted]"` : pair,
    )
    .replace(FORM_PAIR, (pair, key: string) => {
      let name = key;
      try {
        name = decodeURIComponent(key);
      } catch {
        // A malformed escape: judge the name as written.
      }
      return isSecretKey(name) ? `${key}=[redacted]` : pair;
    })
    .replace(
      COLON_PAIR,
      (pair, before: string, quote: string | undefined, key: string, colon: string, value: string) =>
        isSecretKey(key) && !value.startsWith('[redacted')
          ? `${before}${quote ?? ''}${key}${quote ?? ''}${colon}[redacted]`
          : pair,
    );
}

/** A deep copy with every secret-looking key and every bearer token or JWT replaced. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[deep]';
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  // A string naming a secret redacts the item after it: [name, value] header pairs, and the
  // flat [name, value, name, value ...] of Node's rawHeaders.
  if (Array.isArray(value)) {
    return value.map((item, index) => {
      const before = value[index - 1];
      return typeof before === 'string' && before.length <= 100 && isSecretKey(before)
        ? '[redacted]'
        : redact(item, depth + 1);
    });
  }
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
