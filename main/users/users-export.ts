// Exports what the list shows: its query, sort and columns, every match from the cache when the
// tenant is synced, or the first 1,000 online (FACTS.md: a search pages through 1,000 results).
// Main writes the file the admin picked in the save dialog, whole or not at all.
import type { User } from '../../common/auth0.ts';
import { cellText, columnValue } from '../../common/user-columns.ts';
import type { ExportUsersArgs, UsersExported } from '../../common/users.ts';
import type { UsersListPage } from '../../common/sync.ts';
import { AppError } from '../errors.ts';
import { API_RESULT_CAP } from './read-rule.ts';

/** Auth0's largest page. */
const PAGE = 100;

export interface UsersExportDeps {
  list: (
    args: ExportUsersArgs & { page: number; per_page: number; prefer: 'cache' },
    signal?: AbortSignal,
  ) => Promise<UsersListPage>;
  /** The save dialog: a path, or null when the admin cancels. */
  choosePath: (format: 'csv' | 'json') => Promise<string | null>;
  write: (path: string, data: string) => Promise<void>;
  progress: (written: number, total: number) => void;
}

export async function exportUsers(
  deps: UsersExportDeps,
  args: ExportUsersArgs,
  signal?: AbortSignal,
): Promise<UsersExported> {
  const path = await deps.choosePath(args.format);
  if (path === null) return { path: null, users: 0, total: 0, source: 'api' };
  const users: User[] = [];
  let total = 0;
  let limit = Infinity;
  let source: 'api' | 'cache' = 'api';
  for (let page = 0; page * PAGE < limit; page++) {
    if (signal?.aborted) throw new AppError('cancelled', 'The export was cancelled; no file was written.');
    const answer = await deps.list({ ...args, page, per_page: PAGE, prefer: 'cache' }, signal);
    if (page === 0) {
      total = answer.total;
      source = answer.source;
      limit = source === 'cache' ? total : Math.min(total, API_RESULT_CAP);
    }
    users.push(...answer.users);
    deps.progress(users.length, limit);
    if (answer.users.length < PAGE) break;
  }
  const data = args.format === 'csv' ? toCsv(users, args.columns) : toJson(users, args.columns);
  await deps.write(path, data);
  return { path, users: users.length, total, source };
}

export function toJson(users: readonly User[], columns: readonly string[]): string {
  const rows = users.map((user) => Object.fromEntries(columns.map((key) => [key, columnValue(user, key) ?? null])));
  return `${JSON.stringify(rows, null, 2)}\n`;
}

export function toCsv(users: readonly User[], columns: readonly string[]): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const user of users) lines.push(columns.map((key) => csvCell(cellText(user, key))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * A cell a spreadsheet would run as a formula (OWASP's CSV injection list): one that starts with
 * = + - @, a tab, a carriage return or a line feed; spaces and then one of those four (spreadsheets
 * trim the spaces); or their full-width forms ＝ ＋ － ＠, which Excel reads as the ASCII ones.
 */
const FORMULA_START = /^(?:[=+\-@\t\r\n]| +[=+\-@＝＋－＠]|[＝＋－＠])/;

/**
 * RFC 4180 quoting; a cell that a spreadsheet would run as a formula gets a leading apostrophe,
 * since names and metadata are typed by end users.
 */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
