// Which command-line arguments count as debugging switches (main/app/environment.ts): Chromium's
// DevTools protocol and Node's inspector, in every spelling Chromium's parser takes.
import { describe, expect, it } from 'vitest';
import { commandLineProblem, debuggingSwitchesIn } from '../../../main/app/environment.ts';

const EXE = '/opt/Roster/roster';

describe('debuggingSwitchesIn', () => {
  it.each([
    '--remote-debugging-port=9222',
    '--remote-debugging-port',
    '--remote-debugging-pipe',
    '--remote-debugging-address=0.0.0.0',
    '--remote-allow-origins=*',
    '-remote-debugging-port=9222',
    '--REMOTE-DEBUGGING-PORT=9222',
    '--inspect',
    '--inspect=0.0.0.0:9229',
    '--inspect-brk',
    '--inspect-brk=9229',
    '--inspect-port=9229',
    '--inspect-publish-uid=http',
    '--debug',
    '--debug-brk',
    '--js-flags=--inspect',
    '--js-flags="--expose-gc --inspect-brk"',
    '--js-flags=--debug-code',
  ])('%s is one', (argument) => {
    expect(debuggingSwitchesIn([EXE, argument], 'linux')).toEqual([argument]);
  });

  it('reads /name switches on Windows only, where any case counts', () => {
    expect(debuggingSwitchesIn(['roster.exe', '/Remote-Debugging-Port=9222'], 'win32')).toEqual([
      '/Remote-Debugging-Port=9222',
    ]);
    expect(debuggingSwitchesIn([EXE, '/remote-debugging-port=9222'], 'linux')).toEqual([]);
  });

  it.each([
    ['ordinary switches', ['--lang=fr', '--enable-logging', '--js-flags=--max-old-space-size=8192', '--no-sandbox']],
    ['arguments that are not switches', ['inspect', 'remote-debugging-port=1', 'C:\\inspect\\file.txt']],
    ['names that only start the same', ['--debugger-extra', '--inspector-ui', '--remote-debugging']],
  ])('ignores %s', (_what, argv) => {
    expect(debuggingSwitchesIn([EXE, ...argv], 'linux')).toEqual([]);
  });

  it('never reads the executable path', () => {
    expect(debuggingSwitchesIn(['--inspect'], 'linux')).toEqual([]);
  });
});

describe('commandLineProblem', () => {
  it('names every switch found, for a packaged build only', () => {
    const argv = [EXE, '--remote-debugging-port=9222', '--lang=fr', '--inspect'];
    expect(commandLineProblem(true, argv, 'linux')).toMatch(/--remote-debugging-port=9222 --inspect/);
    expect(commandLineProblem(false, argv, 'linux')).toBeNull();
    expect(commandLineProblem(true, [EXE, '--lang=fr'], 'linux')).toBeNull();
  });
});
