// What the user list's layout leaves for the rows: measured in the window, for the layout suite.
import type { Page } from 'playwright-core';

export interface ListLayout {
  rowsInView: number;
  searchWidth: number;
  tableWidth: number;
  tableHeight: number;
  chromeAboveTable: number;
  sidewaysScroll: number;
  pageOverflow: number;
  viewport: { width: number; height: number };
}

/** Rows wholly visible under the table's header, the search box's and table's size, and overflow. */
export function measureList(page: Page): Promise<ListLayout> {
  return page.evaluate(() => {
    const grid = document.querySelector<HTMLElement>('[data-testid=user-table]')!;
    const box = grid.getBoundingClientRect();
    const header = grid.querySelector<HTMLElement>('[role=row]')!.getBoundingClientRect();
    const rows = [...grid.querySelectorAll<HTMLElement>('[data-testid=user-row]')].filter((row) => {
      const rect = row.getBoundingClientRect();
      return rect.height > 0 && rect.top >= header.bottom - 1 && rect.bottom <= Math.min(box.bottom, innerHeight) + 1;
    });
    const search = document.querySelector<HTMLElement>('[data-testid=user-search]')!.getBoundingClientRect();
    const content = document.querySelector<HTMLElement>('main.content')!.getBoundingClientRect();
    const root = document.scrollingElement!;
    return {
      rowsInView: rows.length,
      searchWidth: Math.round(search.width),
      tableWidth: Math.round(box.width),
      tableHeight: Math.round(box.height),
      chromeAboveTable: Math.round(header.bottom - content.top),
      sidewaysScroll: grid.scrollWidth - grid.clientWidth,
      pageOverflow: Math.max(root.scrollWidth - root.clientWidth, root.scrollHeight - root.clientHeight),
      viewport: { width: innerWidth, height: innerHeight },
    };
  });
}
