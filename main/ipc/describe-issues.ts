import type { z } from 'zod';

/**
 * What the tenant forms call each property: a message about the admin's input names the field
 * as the form shows it, not the argument's path (`draft.auth.clientId`).
 */
const FORM_FIELDS: Record<string, string> = {
  name: 'Name',
  domain: 'Domain',
  apiBaseUrl: 'API base URL',
  color: 'Colour',
  production: 'Production',
  'auth.clientId': 'Client ID',
  'auth.clientSecret': 'Client secret',
  'auth.token': 'Access token',
  'auth.mode': 'Sign-in method',
  clientId: 'Client ID',
};

/** The form's name for an argument path, if it is a tenant form field. */
function formFieldOf(path: readonly PropertyKey[]): string | undefined {
  const key = path
    .map(String)
    .filter((part, index) => !(index === 0 && part === 'draft'))
    .join('.');
  return FORM_FIELDS[key];
}

/** Zod issues as one sentence that names each bad property, for `invalid_argument` messages. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.length > 0 ? issue.path.map(String).join('.') : 'argument';
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * For the tenant forms: every issue names a field the admin can see ("Client ID: Not a client
 * ID."), or null when an issue is not about a form field (then the technical message stands).
 */
export function describeFormIssues(issues: readonly z.core.$ZodIssue[]): string | null {
  const sentences: string[] = [];
  for (const issue of issues.slice(0, 5)) {
    const field = formFieldOf(issue.path);
    if (!field) return null;
    sentences.push(`${field}: ${issue.message}`);
  }
  return sentences.length > 0 ? `Check the form. ${sentences.join(' ')}` : null;
}
