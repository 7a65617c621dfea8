// Splits what is typed in the search box into coloured spans, from common/query's tokenizer:
// fields, values, operators, brackets; the checker's error and warnings underline their source span.
import { analyzeQuery, tokenize, type Token } from '../../../common/query/index.ts';
import { isQuickSearch } from './quick-search.ts';

export type SpanKind = 'field' | 'value' | 'operator' | 'bracket' | 'plain';

export interface Span {
  text: string;
  kind: SpanKind;
  /** Underlined: an error stops the search, a warning does not. */
  problem: 'error' | 'warning' | null;
  /** The message of that problem, for the tooltip. */
  message?: string;
}

interface Mark {
  start: number;
  end: number;
  severity: 'error' | 'warning';
  message: string;
}

function kindOf(token: Token, next: Token | undefined): SpanKind {
  if (token.kind === 'term') return next?.kind === 'colon' && next.start === token.end ? 'field' : 'value';
  if (token.kind === 'quoted' || token.kind === 'rangeValue') return 'value';
  if (token.kind === 'colon') return 'plain';
  if (token.kind === 'lparen' || token.kind === 'rparen' || token.kind === 'rangeStart' || token.kind === 'rangeEnd')
    return 'bracket';
  return 'operator';
}

/** The spans of `text`, and the problems found (so the box can list the warnings under it). */
export function highlightQuery(text: string): { spans: Span[]; marks: Mark[] } {
  const kinds: SpanKind[] = Array.from({ length: text.length }, () => 'plain');
  const marks: Mark[] = [];
  if (!isQuickSearch(text) && text.trim()) {
    try {
      const tokens = tokenize(text);
      tokens.forEach((token, index) => {
        const kind = kindOf(token, tokens[index + 1]);
        for (let at = token.start; at < token.end; at++) kinds[at] = kind;
      });
    } catch {
      // The analysis below reports where the text stops making sense.
    }
    const analysis = analyzeQuery(text);
    if (!analysis.ok) {
      const start = Math.min(analysis.error.position, Math.max(0, text.length - 1));
      marks.push({
        start,
        end: Math.max(start + 1, analysis.error.end ?? start + 1),
        severity: 'error',
        message: analysis.error.message,
      });
    }
    for (const warning of analysis.warnings)
      marks.push({ start: warning.start, end: warning.end, severity: 'warning', message: warning.message });
  }
  const spans: Span[] = [];
  for (let at = 0; at < text.length; at++) {
    const mark = marks.find((candidate) => at >= candidate.start && at < candidate.end);
    const problem = mark?.severity ?? null;
    const last = spans.at(-1);
    if (last && last.kind === kinds[at] && last.problem === problem && last.message === mark?.message)
      last.text += text[at];
    else
      spans.push({
        text: text[at] as string,
        kind: kinds[at] as SpanKind,
        problem,
        ...(mark ? { message: mark.message } : {}),
      });
  }
  return { spans, marks };
}

/** The word being typed at `caret`, and whether it is a field name or the value of `field`. */
export function wordAt(text: string, caret: number): { start: number; word: string; field: string | null } {
  let start = caret;
  while (start > 0 && !/[\s():"[\]{}]/.test(text[start - 1] as string)) start--;
  const word = text.slice(start, caret);
  const before = text.slice(0, start).replace(/"$/, '');
  const field = before.endsWith(':') ? (/([\w.]+):$/.exec(before)?.[1] ?? null) : null;
  return { start, word, field };
}
