import type { z } from 'zod';

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
