import { describe, expect, it } from 'vitest';
import { parseQuery, QuerySyntaxError } from '../../../common/query/index.ts';

function syntaxError(text: string): QuerySyntaxError {
  try {
    parseQuery(text);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error(`${text} parsed`);
}

// [query, position, end, message]
const rows: [string, number, number, string][] = [
  ['', 0, 0, 'The query is empty'],
  ['   ', 0, 3, 'The query is empty'],
  ['(name:jane', 0, 1, "This '(' is never closed: add a ')'"],
  ['name:jane)', 9, 10, "This ')' has no matching '('"],
  [')', 0, 1, "This ')' has no matching '('"],
  ['()', 0, 2, 'Empty parentheses: put a search term between them'],
  ['name:"jane', 5, 10, 'This quote is never closed: add a closing "'],
  ['jane AND', 5, 8, 'AND needs a search term after it'],
  ['jane OR )', 5, 7, 'OR needs a search term after it'],
  ['OR jane', 0, 2, 'OR needs a search term before it'],
  ['jane AND OR joe', 5, 8, 'AND needs a search term after it'],
  ['jane ||', 5, 7, '|| needs a search term after it'],
  ['jane NOT', 5, 8, 'NOT needs a search term after it'],
  ['-', 0, 1, '- needs a search term after it'],
  ['NOT -jane', 4, 5, 'Two operators in a row: NOT cannot be followed by -'],
  [':jane', 0, 1, "A ':' needs a field name before it, for example email:jane@example.com"],
  ['email:', 6, 7, "email: needs a value after the ':'"],
  ['email: OR x', 7, 9, "email: needs a value after the ':'"],
  [
    'email:-x',
    6,
    7,
    "email: needs a value after the ':', not the operator -: to search for it, escape it with \\ or use quotes",
  ],
  ['a..b:x', 0, 4, 'The field name a..b has an empty part between dots'],
  ['em*il:x', 0, 5, "A field name cannot contain '*'"],
  ['*:x', 0, 1, "A field name cannot be '*': only *:* (every user) is allowed"],
  ['_exists_:', 9, 10, '_exists_: needs a field name after it, for example _exists_:last_login'],
  ['_exists_:(a)', 9, 10, '_exists_: needs a field name after it, for example _exists_:last_login'],
  ['logins_count:[1 TO 5', 13, 14, "This range is never closed: add ']' or '}'"],
  ['logins_count:[1 5]', 16, 17, 'A range needs TO between its two values, for example [2017-11 TO 2017-12]'],
  ['logins_count:[1]', 15, 16, 'A range needs TO and a second value, for example [2017-11 TO 2017-12]'],
  ['logins_count:[TO 5]', 14, 16, 'A range needs a value before TO (use * for an open end)'],
  ['logins_count:[1 TO ]', 19, 20, 'A range needs a value after TO (use * for an open end)'],
  ['logins_count:[1 TO 5 9]', 21, 22, "A range has exactly two values: close it with ']' or '}' here"],
  ['name:jane]', 9, 10, "This ']' closes a range that was never opened: write \\] to search for it"],
  [
    'name:j?ne',
    6,
    7,
    "Auth0 user search has no '?' wildcard: use '*' for any characters, or write \\? to search for a question mark",
  ],
  [
    'name:jane~2',
    9,
    10,
    "Fuzzy and proximity searches ('~') are not supported in Auth0 user search: write \\~ to search for it",
  ],
  ['name:jane^2', 9, 10, "Boosts ('^') are not supported in Auth0 user search: write \\^ to search for it"],
  [
    'name:/ja.e/',
    5,
    6,
    "Regular expressions ('/') are not supported in Auth0 user search: write \\/ to search for a slash",
  ],
  ['name:jane\\', 9, 10, "A '\\' at the end of the query escapes nothing: remove it, or write \\\\"],
  [
    'created_at:2017-11-02T10:00',
    24,
    25,
    "Unexpected ':' in the value of created_at: put a value that contains ':' in quotes, for example created_at:\"2017-11-02T10:00:00Z\"",
  ],
  // Control characters, wherever they stand (before any other error in the query).
  ...(
    [
      ['name:jo\u0000e', 7, '0000'],
      ['name:"a\u001fb"', 7, '001F'],
      ['(name:\\\u007f', 7, '007F'],
      ['name:\u009f', 5, '009F'],
    ] as const
  ).map(([text, position, code]): [string, number, number, string] => [
    text,
    position,
    position + 1,
    `The query holds a control character (U+${code}) at position ${position}, which no user's value holds: remove it`,
  ]),
];

describe('parseQuery syntax errors', () => {
  it.each(rows)('%j', (text, position, end, message) => {
    const error = syntaxError(text);
    expect({ message: error.message, position: error.position, end: error.end }).toEqual({ message, position, end });
  });
});
