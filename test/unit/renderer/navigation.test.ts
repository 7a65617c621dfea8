// Escape and Find Users across the window (issue 18), on the real state classes: Escape goes back
// one level (never past an open dialog), asks before a draft is lost, and Find Users leaves what
// covers the list for its search box.
import { tick } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HistoryState } from '../../../renderer/src/lib/history.svelte.ts';
import { LEAVE_DRAFT_QUESTION, Navigation } from '../../../renderer/src/lib/navigation.ts';
import { ProfileState } from '../../../renderer/src/lib/profile.svelte.ts';
import { TokensState } from '../../../renderer/src/lib/tokens.svelte.ts';

function setUp() {
  const profile = new ProfileState();
  const tokens = new TokensState();
  const history = new HistoryState();
  const list = { focusRow: vi.fn(), focusSearch: vi.fn() };
  const navigation = new Navigation({ profile, tokens, history, list: () => list, hasTenant: () => true });
  profile.tenantId = 'ten_nav';
  return { profile, tokens, history, list, navigation };
}

function press(navigation: Navigation, init: KeyboardEventInit, target: Element = document.body): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { ...init, bubbles: true, cancelable: true });
  Object.defineProperty(event, 'target', { value: target });
  navigation.onkeydown(event);
  return event;
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('Escape', () => {
  it('closes the profile and puts the focus back on the list’s row', async () => {
    const { profile, list, navigation } = setUp();
    expect(press(navigation, { key: 'Escape' }).defaultPrevented).toBe(true);
    expect(profile.tenantId).toBeNull();
    await tick();
    expect(list.focusRow).toHaveBeenCalledOnce();
  });

  it('asks before a draft is lost, and stays when told to', () => {
    const { profile, navigation } = setUp();
    profile.drafts = { attributes: true };
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    press(navigation, { key: 'Escape' });
    expect(confirm).toHaveBeenCalledWith(LEAVE_DRAFT_QUESTION);
    expect(profile.tenantId).toBe('ten_nav');
  });

  it('leaves an open dialog to close itself: the profile stays', () => {
    const { profile, navigation } = setUp();
    document.body.innerHTML = '<dialog open></dialog>';
    expect(press(navigation, { key: 'Escape' }).defaultPrevented).toBe(false);
    expect(profile.tenantId).toBe('ten_nav');
    document.body.innerHTML = '<div role="alertdialog"></div>';
    press(navigation, { key: 'Escape' });
    expect(profile.tenantId).toBe('ten_nav');
  });

  it('inside the Changes panel closes the panel, not the profile', () => {
    const { profile, history, navigation } = setUp();
    history.open = true;
    document.body.innerHTML = '<aside data-testid="changes-panel"><button>Close</button></aside>';
    press(navigation, { key: 'Escape' }, document.querySelector('button')!);
    expect(history.open).toBe(false);
    expect(profile.tenantId).toBe('ten_nav');
  });
});

describe('Find Users (Ctrl+F)', () => {
  it('from a profile or the token inspector, goes back to the list’s search box', async () => {
    const { profile, tokens, list, navigation } = setUp();
    tokens.open = true;
    press(navigation, { key: 'f', ctrlKey: true });
    expect(profile.tenantId).toBeNull();
    expect(tokens.open).toBe(false);
    await tick();
    expect(list.focusSearch).toHaveBeenCalledOnce();
  });

  it('on the list itself, is left to the list', () => {
    const { profile, navigation } = setUp();
    profile.tenantId = null;
    expect(press(navigation, { key: 'f', ctrlKey: true }).defaultPrevented).toBe(false);
  });
});
