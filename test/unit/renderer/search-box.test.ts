// The search box: highlighting from common/query's tokens, errors and warnings where they are,
// completion, examples that run, and Escape / emptying the box clearing the filter too.
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import UserTable from '../../../renderer/src/components/UserTable.svelte';
import { highlightQuery, wordAt } from '../../../renderer/src/lib/query-highlight.ts';
import { switchTenant } from '../../../renderer/src/lib/tenant-scope.svelte.ts';
import { users } from '../../../renderer/src/lib/users.svelte.ts';
import { bridge, makeUsers, serveUsers } from './fake-bridge.ts';

let tenant = 0;

async function open() {
  bridge.reset();
  serveUsers(makeUsers(300));
  bridge.handle('connections:list', () => ({
    ok: true,
    value: [
      { id: 'con_0000000000000001', name: 'github', strategy: 'github' },
      { id: 'con_0000000000000002', name: 'google-oauth2', strategy: 'google-oauth2' },
    ] as never,
  }));
  switchTenant(`ten_search${++tenant}`);
  render(UserTable, { list: users });
  await vi.waitFor(() => expect(users.answer).not.toBeNull());
  return screen.getByTestId('user-search') as HTMLInputElement;
}

async function type(box: HTMLInputElement, text: string): Promise<void> {
  box.value = text;
  box.setSelectionRange(text.length, text.length);
  await fireEvent.input(box);
}

beforeEach(() => switchTenant(null));
afterEach(() => cleanup());

describe('highlighting', () => {
  it('colours fields, values and operators', () => {
    const { spans } = highlightQuery('email:"a@b.c" AND logins_count:[10 TO *]');
    const of = (kind: string) => spans.filter((span) => span.kind === kind).map((span) => span.text.trim());
    expect(of('field')).toEqual(['email', 'logins_count']);
    expect(of('operator')).toEqual(['AND', 'TO']);
    expect(of('value')).toEqual(['"a@b.c"', '10', '*']);
    expect(spans.map((span) => span.text).join('')).toBe('email:"a@b.c" AND logins_count:[10 TO *]');
  });

  it('underlines an error at its source position, and a warning at its own', () => {
    const error = highlightQuery('name:jo AND email:*om');
    const underlined = error.spans.filter((span) => span.problem === 'error').map((span) => span.text);
    // The pattern, not its field: the wildcard is what breaks the rule.
    expect(underlined.join('')).toBe('*om');
    expect(
      error.spans
        .filter((span) => span.problem === null)
        .map((span) => span.text)
        .join(''),
    ).toBe('name:jo AND email:');
    const warned = highlightQuery('nosuchfield:1');
    expect(warned.marks).toEqual([expect.objectContaining({ severity: 'warning', start: 0 })]);
    expect(warned.spans[0]?.problem).toBe('warning');
  });

  it('knows the word at the caret and the field it is a value of', () => {
    expect(wordAt('blocked:true AND ema', 20)).toEqual({ start: 17, word: 'ema', field: null });
    expect(wordAt('identities.connection:"git', 26)).toMatchObject({ word: 'git', field: 'identities.connection' });
  });
});

describe('the box', () => {
  it('shows a malformed query’s error and sends nothing', async () => {
    const box = await open();
    bridge.calls = [];
    await type(box, 'email:(jane');
    await fireEvent.keyDown(box, { key: 'Enter' });
    expect(screen.getByTestId('query-error').textContent).toMatch(/at character \d+/);
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('search-highlight').querySelector('.error')).not.toBeNull();
    expect(bridge.callsOf('users:list')).toEqual([]);
  });

  it('shows the checker’s warning for an unknown field', async () => {
    const box = await open();
    await type(box, 'nosuchfield:1');
    expect(screen.getByTestId('query-warning').textContent).toMatch(/no searchable field nosuchfield/);
  });

  it('Escape clears the box and the filter; so does deleting the text', async () => {
    const box = await open();
    await type(box, 'user1');
    await fireEvent.keyDown(box, { key: 'Enter' });
    await vi.waitFor(() => expect(users.answer?.text).toBe('user1'));
    await fireEvent.keyDown(box, { key: 'Escape' });
    expect(box.value).toBe('');
    await vi.waitFor(() => expect(users.answer?.text).toBe(''));
    expect(bridge.callsOf('users:list').at(-1)?.q).toBeUndefined();

    await type(box, 'user2');
    await fireEvent.keyDown(box, { key: 'Enter' });
    await vi.waitFor(() => expect(users.answer?.text).toBe('user2'));
    await type(box, '');
    await vi.waitFor(() => expect(users.answer?.text).toBe(''));
  });

  it('completes field names and connection names', async () => {
    const box = await open();
    await type(box, 'logins_c');
    expect(screen.getByTestId('search-suggestions').textContent).toContain('logins_count');
    await fireEvent.keyDown(box, { key: 'Tab' });
    expect(box.value).toBe('logins_count:');
    await type(box, 'identities.connection:"gi');
    expect(screen.getByTestId('search-suggestions').textContent).toContain('github');
    await fireEvent.keyDown(box, { key: 'Tab' });
    expect(box.value).toBe('identities.connection:"github"');
  });

  it('completes metadata paths the tenant’s cache holds, beyond those of the rows loaded', async () => {
    bridge.reset();
    const box = await open();
    bridge.handle('cache:metadata-paths', () => ({
      ok: true,
      value: ['app_metadata.billing.vat_id', 'user_metadata.locale'],
    }));
    await users.refresh();
    await vi.waitFor(() => expect(users.cachedMetadataPaths).toHaveLength(2));
    await type(box, 'app_metadata.bil');
    expect(screen.getByTestId('search-suggestions').textContent).toContain('app_metadata.billing.vat_id');
    await fireEvent.keyDown(box, { key: 'Tab' });
    expect(box.value).toBe('app_metadata.billing.vat_id:');
    expect(bridge.callsOf('cache:metadata-paths').at(-1)).toEqual({ tenantId: users.tenantId });
  });

  it('runs a help example when clicked, and remembers it as a recent search', async () => {
    await open();
    await fireEvent.click(screen.getByTestId('search-help-toggle'));
    const example = screen.getAllByTestId('search-example').find((button) => button.textContent?.includes('gold'));
    await fireEvent.click(example as HTMLElement);
    await vi.waitFor(() => expect(users.answer?.text).toBe('app_metadata.plan.tier:"gold"'));
    expect(bridge.callsOf('users:list').at(-1)?.q).toBe('app_metadata.plan.tier:"gold"');
    expect(users.recent[0]).toBe('app_metadata.plan.tier:"gold"');
  });

  it('filters by connection through q', async () => {
    await open();
    await vi.waitFor(() => expect(users.connectionNames).toEqual(['github', 'google-oauth2']));
    const select = screen.getByTestId('connection-filter') as HTMLSelectElement;
    await fireEvent.change(select, { target: { value: 'github' } });
    await vi.waitFor(() => expect(bridge.callsOf('users:list').at(-1)?.q).toBe('identities.connection:"github"'));
  });

  it('/ and Ctrl+F focus the search box', async () => {
    const box = await open();
    box.blur();
    await fireEvent.keyDown(document.body, { key: '/' });
    expect(document.activeElement).toBe(box);
    box.blur();
    await fireEvent.keyDown(document.body, { key: 'f', ctrlKey: true });
    expect(document.activeElement).toBe(box);
  });
});
