// axe-core run on the real window through the shim: one call per screen. The window's CSP refuses
// inline scripts, so axe's source is evaluated through the DevTools protocol (as an extension
// would), once per page, and then asked about the whole document.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/** The serious and critical violations axe finds in the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<unknown> } }).axe;
    const results = (await axe.run(document, { resultTypes: ['violations'] })) as { violations: AxeViolation[] };
    return results.violations;
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Fails with each serious or critical violation on `screen`, and the elements it was found on. */
export async function expectNoSeriousAxeViolations(page: Page, screen: string): Promise<void> {
  const violations = await seriousAxeViolations(page);
  if (violations.length === 0) return;
  const report = violations
    .map(
      (violation) =>
        `- ${violation.id} (${violation.impact}): ${violation.help} ${violation.helpUrl}\n` +
        violation.nodes
          .map(
            (node) =>
              `    ${node.target.join(' ')}\n      ${node.html.slice(0, 200)}\n      ${(node.failureSummary ?? '').replace(/\n/g, '\n      ')}`,
          )
          .join('\n'),
    )
    .join('\n');
  throw new Error(`axe-core: ${violations.length} serious or critical violation(s) on ${screen}:\n${report}`);
}
