// Text from Auth0 or main that names a web address ("See https://auth0.com/docs/..."): split into
// plain parts and links, so the address can be opened through the one audited path
// (`app:open-external`, main/app/open-external.ts), which opens only Auth0's own https sites.

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; url: string };

// An address ends before whitespace, a quote or a closing bracket; a sentence's final
// punctuation is not part of it.
const URL_PATTERN = /https:\/\/[^\s"'<>()[\]]+/g;
const TRAILING = /[.,;:!?]+$/;

export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING, '');
    const start = match.index;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', url });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
