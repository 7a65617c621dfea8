// The theme (issue 18, item 16): the admin's light / dark / system choice applies to the whole
// window at once (<html data-theme>), "system" follows the system's scheme, a change from the View
// menu arrives as settings:changed, main keeps the choice, and the JSON editors follow without
// being rebuilt.
import { EditorView } from '@codemirror/view';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppSettings } from '../../../common/settings.ts';
import JsonCode from '../../../renderer/src/components/profile/JsonCode.svelte';
import SettingsDialog from '../../../renderer/src/components/SettingsDialog.svelte';
import { appearance } from '../../../renderer/src/lib/appearance.svelte.ts';
import { bridge } from './fake-bridge.ts';

/** A system colour scheme the test can flip, as matchMedia reports it. */
function fakeSystemScheme(dark: boolean) {
  const listeners = new Set<(event: MediaQueryListEvent) => void>();
  const query = {
    matches: dark,
    addEventListener: (_type: string, listener: (event: MediaQueryListEvent) => void) => listeners.add(listener),
    removeEventListener: (_type: string, listener: (event: MediaQueryListEvent) => void) => listeners.delete(listener),
  };
  vi.spyOn(window, 'matchMedia').mockReturnValue(query as unknown as MediaQueryList);
  return (next: boolean) => {
    query.matches = next;
    for (const listener of listeners) listener({ matches: next } as MediaQueryListEvent);
  };
}

let saved: AppSettings;
let stop: () => void = () => undefined;

beforeEach(() => {
  bridge.reset();
  saved = { theme: 'system' };
  bridge.handle('settings:get', () => ({ ok: true, value: saved }));
  bridge.handle('settings:set', (args) => {
    saved = { ...saved, ...args };
    return { ok: true, value: saved };
  });
});

afterEach(() => {
  stop();
  cleanup();
  vi.restoreAllMocks();
});

const theme = () => document.documentElement.dataset.theme;

describe('the window’s theme', () => {
  it('applies the system’s scheme before main answers, then main’s setting, and follows the system', async () => {
    const setSystem = fakeSystemScheme(true);
    saved = { theme: 'system' };
    stop = appearance.start();
    expect(theme()).toBe('dark');
    await vi.waitFor(() => expect(bridge.callsOf('settings:get')).toHaveLength(1));
    setSystem(false);
    await tick();
    expect(theme()).toBe('light');
  });

  it('keeps an explicit choice whatever the system says, and applies one made in the View menu', async () => {
    const setSystem = fakeSystemScheme(false);
    saved = { theme: 'dark' };
    stop = appearance.start();
    await vi.waitFor(() => expect(theme()).toBe('dark'));
    setSystem(true);
    setSystem(false);
    await tick();
    expect(theme()).toBe('dark');
    bridge.emit('settings:changed', { theme: 'light' });
    await tick();
    expect(theme()).toBe('light');
    expect(appearance.choice).toBe('light');
  });

  it('goes back to the previous choice, and says so, when main cannot keep it', async () => {
    fakeSystemScheme(false);
    saved = { theme: 'light' };
    stop = appearance.start();
    await vi.waitFor(() => expect(appearance.choice).toBe('light'));
    bridge.handle('settings:set', () => ({ ok: false, error: { code: 'internal', message: 'The disk is full.' } }));
    await appearance.choose('dark');
    await tick();
    expect(appearance.choice).toBe('light');
    expect(theme()).toBe('light');
    expect(appearance.error?.message).toBe('The disk is full.');
  });
});

describe('the settings dialog', () => {
  it('opens with Ctrl+, and with the menu’s Settings…, and applies a theme as soon as it is picked', async () => {
    fakeSystemScheme(false);
    stop = appearance.start();
    render(SettingsDialog);
    const dialog = screen.getByTestId('settings-dialog') as HTMLDialogElement;
    expect(dialog.open).toBe(false);
    await fireEvent.keyDown(window, { key: ',', ctrlKey: true });
    expect(dialog.open).toBe(true);
    expect((screen.getByTestId('theme-system') as HTMLInputElement).checked).toBe(true);

    await fireEvent.click(screen.getByTestId('theme-dark'));
    expect(theme()).toBe('dark');
    await vi.waitFor(() => expect(bridge.callsOf('settings:set')).toEqual([{ theme: 'dark' }]));

    dialog.close();
    await tick();
    bridge.emit('menu:command', { command: 'settings:show' });
    await tick();
    expect(dialog.open).toBe(true);
    expect((screen.getByTestId('theme-dark') as HTMLInputElement).checked).toBe(true);
  });
});

describe('the JSON editor', () => {
  it('switches CodeMirror between its light and dark themes with the window, keeping the editor and its text', async () => {
    fakeSystemScheme(false);
    stop = appearance.start();
    await appearance.choose('light');
    const { getByTestId } = render(JsonCode, { value: '{ "plan": "gold" }', label: 'App metadata', testid: 'code' });
    const editorElement = () => getByTestId('code').shadowRoot?.querySelector<HTMLElement>('.cm-editor');
    const first = editorElement();
    const view = first ? EditorView.findFromDOM(first) : null;
    expect(view?.state.facet(EditorView.darkTheme)).toBe(false);

    await appearance.choose('dark');
    await tick();
    expect(editorElement()).toBe(first);
    expect(view?.state.facet(EditorView.darkTheme)).toBe(true);
    expect(view?.state.doc.toString()).toBe('{ "plan": "gold" }');
  });
});
