// The lint rules that keep IPC, external links and HTML injection in their one place.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('house lint rules', () => {
  it('allows ipcMain only in main/ipc', async () => {
    const code = "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n";
    expect(await ruleIds(code, 'main/tenants/sneaky.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(code, 'main/ipc/allowed.ts')).not.toContain('no-restricted-imports');
  });

  it('allows ipcRenderer only in preload', async () => {
    const code = "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n";
    expect(await ruleIds(code, 'main/app/sneaky.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(code, 'renderer/src/lib/sneaky.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(code, 'preload/allowed.ts')).not.toContain('no-restricted-imports');
  });

  it('allows shell.openExternal only in main/app/open-external.ts', async () => {
    const code = "import { shell } from 'electron';\nexport const open = (url: string) => shell.openExternal(url);\n";
    expect(await ruleIds(code, 'main/app/menu-sneaky.ts')).toContain('no-restricted-syntax');
    expect(await ruleIds(code, 'main/app/open-external.ts')).not.toContain('no-restricted-syntax');
  });

  it('forbids {@html} in Svelte components', async () => {
    const code = '<script lang="ts">\n  let { text }: { text: string } = $props();\n</script>\n\n<p>{@html text}</p>\n';
    expect(await ruleIds(code, 'renderer/src/components/Sneaky.svelte')).toContain('svelte/no-at-html-tags');
  });

  it('keeps Node and Electron out of the renderer and common', async () => {
    expect(
      await ruleIds("import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", 'common/sneaky.ts'),
    ).toContain('no-restricted-imports');
    expect(
      await ruleIds("import { app } from 'electron';\nexport const a = app;\n", 'renderer/src/sneaky.ts'),
    ).toContain('no-restricted-imports');
  });
});
