// The component table of the SBOM page (`/projects/<id>/<version>/sbom/`): filters and sorting
// for a table the server rendered in full, so the page works without JavaScript and this script
// only hides rows (`hidden`) and reorders them. Bundled by Astro from
// src/components/sbom/ComponentTable.astro; imports nothing at run time.
//
// Built for 5,000 rows: the cells are read once into plain strings, a filter is one pass over
// those strings (no layout is read), only rows whose visibility changes are touched, a sort moves
// the rows in one replaceChildren(), and typing is debounced. The query lives in the address
// (`?q=log4j&license=Apache-2.0`), so a filtered table can be linked to.

/** The columns in page order; `data-col` on each header names one. */
export const COLUMNS = ['name', 'version', 'type', 'scope', 'licenses', 'purl'] as const;
export type Column = (typeof COLUMNS)[number];

export interface TableQuery {
  /** Words that must all occur (case-insensitively) in the row's name, version, licenses or purl. */
  text: string;
  /** Exact values of the type, scope and license columns; '' for any. */
  type: string;
  scope: string;
  license: string;
}

export const EMPTY_QUERY: TableQuery = { text: '', type: '', scope: '', license: '' };

const PARAMS: Record<keyof TableQuery, string> = {
  text: 'q',
  type: 'type',
  scope: 'scope',
  license: 'license',
};

/** `?q=log4j&license=MIT` → the query; unknown parameters are ignored. */
export function parseTableQuery(search: string): TableQuery {
  const params = new URLSearchParams(search);
  const get = (k: keyof TableQuery) => (params.get(PARAMS[k]) ?? '').trim();
  return { text: get('text'), type: get('type'), scope: get('scope'), license: get('license') };
}

/** The query string for `query`, keeping every other parameter as it was; '' when nothing is left. */
export function withTableQuery(search: string, query: TableQuery): string {
  const params = new URLSearchParams(search);
  for (const k of Object.keys(PARAMS) as (keyof TableQuery)[]) {
    if (query[k].trim() === '') params.delete(PARAMS[k]);
    else params.set(PARAMS[k], query[k].trim());
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** One row as the filters see it. */
export interface RowData {
  /** Cell texts in COLUMNS order. */
  cells: string[];
  /** Each declared license (a cell may list several). */
  licenses: string[];
  /** Lower-cased name, version, licenses and purl, for the text filter. */
  haystack: string;
}

export function toRowData(cells: readonly string[], licenses: readonly string[]): RowData {
  const [name = '', version = '', , , license = '', purl = ''] = cells;
  return {
    cells: [...cells],
    licenses: [...licenses],
    haystack: `${name}\n${version}\n${license}\n${purl}`.toLowerCase(),
  };
}

/** Lower-cased words of a text query; `log4j-core 2.14.1` → ['log4j-core', '2.14.1']. */
export function queryWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
}

export function rowMatches(
  row: RowData,
  query: TableQuery,
  words: readonly string[] = queryWords(query.text),
): boolean {
  if (query.type !== '' && row.cells[2] !== query.type) return false;
  if (query.scope !== '' && row.cells[3] !== query.scope) return false;
  if (query.license !== '' && !row.licenses.includes(query.license)) return false;
  for (const w of words) if (!row.haystack.includes(w)) return false;
  return true;
}

export type Direction = 'ascending' | 'descending';

/**
 * Row order for a column: natural order (`1.10.0` after `1.9.0`), case-insensitive, ties by the
 * server's order (`index`) so a sort is stable and reversing it is exact.
 */
export function sortRows<T extends { data: RowData; index: number }>(
  rows: readonly T[],
  column: Column,
  direction: Direction,
  collator: Intl.Collator,
): T[] {
  const c = COLUMNS.indexOf(column);
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort(
    (a, b) => sign * (collator.compare(a.data.cells[c]!, b.data.cells[c]!) || a.index - b.index),
  );
}

/** `Showing 12 of 5,000 components` */
export function formatTableStatus(
  shown: number,
  total: number,
  column: Column,
  direction: Direction,
): string {
  const n = (x: number) => x.toLocaleString('en');
  const order = `sorted by ${column === 'licenses' ? 'license' : column}${direction === 'descending' ? ', descending' : ''}`;
  if (shown === total) return `${n(total)} component${total === 1 ? '' : 's'}, ${order}.`;
  if (shown === 0) return `No component of ${n(total)} matches. Clear the filters to see them all.`;
  return `Showing ${n(shown)} of ${n(total)} components, ${order}.`;
}

interface Row {
  el: HTMLTableRowElement;
  data: RowData;
  index: number;
}

/** Wires up every `[data-sbom-table]` block on the page. */
export function initSbomTable(doc: Document): void {
  for (const root of doc.querySelectorAll<HTMLElement>('[data-sbom-table]')) initOne(doc, root);
}

function initOne(doc: Document, root: HTMLElement): void {
  const table = root.querySelector('table');
  const body = table?.tBodies[0];
  const controls = root.querySelector<HTMLElement>('[data-sbom-controls]');
  const status = root.querySelector<HTMLElement>('[data-sbom-status]');
  if (!table || !body || !controls || !status) return;
  const input = controls.querySelector<HTMLInputElement>('[name="q"]');
  const selects = {
    type: controls.querySelector<HTMLSelectElement>('[name="type"]'),
    scope: controls.querySelector<HTMLSelectElement>('[name="scope"]'),
    license: controls.querySelector<HTMLSelectElement>('[name="license"]'),
  };
  const clear = controls.querySelector<HTMLButtonElement>('[data-sbom-clear]');

  // Read every row once. A cell that lists several licenses has one <span> per license.
  let rows: Row[] = Array.from(body.rows, (el, index) => {
    const cells = Array.from(el.cells, (cell) => cell.dataset.v ?? cell.firstChild?.textContent ?? '');
    const licenseCell = el.cells[4];
    const spans = licenseCell
      ? Array.from(licenseCell.querySelectorAll('span'), (s) => s.textContent ?? '')
      : [];
    const licenses = spans.length > 0 ? spans : [cells[4] ?? ''];
    if (spans.length > 0) cells[4] = spans.join(', ');
    return { el, data: toRowData(cells, licenses), index };
  });
  const total = rows.length;
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  let sort: { column: Column; direction: Direction } = { column: 'name', direction: 'ascending' };

  // Sort buttons in the headers: the header text moves into a button; aria-sort says the order.
  const headers = Array.from(table.tHead?.rows[0]?.cells ?? []).filter(
    (th): th is HTMLTableCellElement => th.dataset.col !== undefined,
  );
  for (const th of headers) {
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'sort';
    button.append(...Array.from(th.childNodes));
    th.append(button);
    button.addEventListener('click', () => {
      const column = th.dataset.col as Column;
      const direction: Direction =
        sort.column === column && sort.direction === 'ascending' ? 'descending' : 'ascending';
      sort = { column, direction };
      rows = sortRows(rows, column, direction, collator);
      body.replaceChildren(...rows.map((r) => r.el));
      for (const h of headers) {
        if (h === th) h.setAttribute('aria-sort', direction);
        else h.removeAttribute('aria-sort');
      }
      report();
    });
  }

  const read = (): TableQuery => ({
    text: input?.value ?? '',
    type: selects.type?.value ?? '',
    scope: selects.scope?.value ?? '',
    license: selects.license?.value ?? '',
  });

  let shown = total;
  function report(): void {
    status!.textContent = formatTableStatus(shown, total, sort.column, sort.direction);
  }

  function apply(): void {
    const query = read();
    const words = queryWords(query.text);
    shown = 0;
    for (const row of rows) {
      const match = rowMatches(row.data, query, words);
      if (match) shown++;
      // Only rows whose state changes are written: a keystroke costs no more than it must.
      if (row.el.hidden === match) row.el.hidden = !match;
    }
    report();
    if (clear) clear.hidden = withTableQuery('', query) === '';
    history.replaceState(
      history.state,
      '',
      `${location.pathname}${withTableQuery(location.search, query)}${location.hash}`,
    );
  }

  // Start from the address: a shared link opens filtered. A value the page has no option for is dropped.
  const initial = parseTableQuery(location.search);
  if (input) input.value = initial.text;
  for (const k of ['type', 'scope', 'license'] as const) {
    const select = selects[k];
    if (select && Array.from(select.options).some((o) => o.value === initial[k])) select.value = initial[k];
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  input?.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(apply, total > 1000 ? 150 : 50);
  });
  for (const select of Object.values(selects)) select?.addEventListener('change', apply);
  clear?.addEventListener('click', () => {
    if (input) input.value = '';
    for (const select of Object.values(selects)) if (select) select.value = '';
    apply();
    input?.focus();
  });
  controls.hidden = false;
  apply();
}
