// Lint rules that hold the house together (STYLE 3): raw ipcMain only in main/ipc, ipcRenderer
// only in preload, shell.openExternal only in its one audited file, and no {@html} anywhere.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeModules = ['node:*', 'fs', 'path', 'child_process', 'os', 'net', 'http', 'https'];

/** One no-restricted-imports rule per folder (a later rule would replace an earlier one). */
const restrictImports = ({ electron = [], wholeElectron = false, patterns = [] }) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: wholeElectron
        ? [{ name: 'electron', message: 'Only main and preload talk to Electron.' }]
        : electron.length > 0
          ? [
              {
                name: 'electron',
                importNames: electron,
                message: `${electron.join(', ')} is not for this folder (STYLE 3).`,
              },
            ]
          : [],
      patterns,
    },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'svelte/no-at-html-tags': 'error',
      // Input validation deliberately refuses control characters.
      'no-control-regex': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='shell'][property.name='openExternal']",
          message: 'Open external links only through safeOpenExternal (main/app/open-external.ts).',
        },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  { files: ['renderer/**/*.ts'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['main/**/*.ts'], rules: restrictImports({ electron: ['ipcMain', 'ipcRenderer', 'contextBridge'] }) },
  { files: ['main/ipc/**/*.ts'], rules: restrictImports({ electron: ['ipcRenderer', 'contextBridge'] }) },
  {
    files: ['preload/**/*.ts'],
    rules: restrictImports({
      electron: ['ipcMain'],
      patterns: [{ group: nodeModules, message: 'A sandboxed preload has no Node.' }],
    }),
  },
  {
    files: ['renderer/**', 'common/**'],
    rules: restrictImports({
      wholeElectron: true,
      patterns: [
        { group: nodeModules, message: 'Node modules stay in main.' },
        {
          group: ['**/main/**', '**/emulator/**', '**/preload/**'],
          message: 'The renderer and common do not import main, preload or the emulator.',
        },
      ],
    }),
  },
  { files: ['emulator/**/*.ts', 'bench/**/*.ts', 'scripts/**'], rules: restrictImports({ wholeElectron: true }) },
  {
    files: ['main/app/open-external.ts', 'test/electron-shim/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
