// Runs Doyensec's electronegativity over Roster's own code (main, preload, renderer, common),
// parses its SARIF (the tool's exit code is always 0), and fails on any finding that
// security/electronegativity-allow.json does not list with the reason it was accepted.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '..');
const allowFile = join(root, 'security/electronegativity-allow.json');

// Offline, the tool's own update checks (translations, Electron releases) fail inside got's
// retry timer; that failure is not a finding and must not end the scan.
process.on('uncaughtException', (error) => {
  if (/onCancel|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(String(error?.message))) return;
  throw error;
});

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const work = mkdtempSync(join(tmpdir(), 'roster-electronegativity-'));
const input = join(work, 'app');
for (const folder of ['main', 'preload', 'common', 'renderer/src', 'renderer/index.html', 'package.json']) {
  cpSync(join(root, folder), join(input, folder), { recursive: true });
}
const output = join(work, 'results.sarif');

/** The tool writes its SARIF with an unawaited fs.writeFile: wait until the file parses. */
async function readSarif(path) {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      return JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    }
  }
  throw new Error(`electronegativity wrote no SARIF at ${path}`);
}

const run = require('@doyensec/electronegativity/dist/runner.js');
await run({
  input,
  output,
  isSarif: true,
  customScan: [],
  // It downloads Electron's release list, which this machine cannot reach; electron is pinned
  // in package.json and upgraded deliberately instead.
  excludeFromScan: ['availablesecurityfixesglobalcheck'],
  severitySet: undefined,
  confidenceSet: undefined,
  isRelative: true,
  isVerbose: false,
  electronUpgrade: undefined,
  electronVersionOverride: electronVersion,
  parserPlugins: [],
});

const sarif = await readSarif(output);
const allowed = JSON.parse(readFileSync(allowFile, 'utf8'));
const findings = sarif.runs.flatMap((runResult) =>
  runResult.results.map((result) => ({
    rule: result.ruleId,
    file: decodeURI(result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '').replace(/^file:\/\/\//, ''),
    line: result.locations?.[0]?.physicalLocation?.region?.startLine ?? 0,
    message: result.message?.text ?? '',
  })),
);
rmSync(work, { recursive: true, force: true });

const isAllowed = (finding) =>
  allowed.some((entry) => entry.rule === finding.rule && entry.file === finding.file && entry.reason?.trim());
const unexplained = findings.filter((finding) => !isAllowed(finding));
const stale = allowed.filter(
  (entry) => !findings.some((finding) => finding.rule === entry.rule && finding.file === entry.file),
);

console.log(
  `electronegativity: ${findings.length} finding(s), ${findings.length - unexplained.length} reviewed and allowed`,
);
for (const finding of unexplained) {
  console.error(
    `  unexplained: ${finding.rule} at ${finding.file || '(whole app)'}:${finding.line}: ${finding.message}`,
  );
}
for (const entry of stale) console.error(`  stale allow entry (no such finding any more): ${entry.rule} ${entry.file}`);
if (unexplained.length > 0 || stale.length > 0) {
  console.error(`Fix the code, or add the finding to ${allowFile} with the reason it is safe.`);
  process.exit(1);
}
process.exit(0);
