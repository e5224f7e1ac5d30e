// The browser half of the time-travel view on /environments/ (src/lib/delivery/time-travel.ts has the
// pure half, and says why no word of the page is written here). Without JavaScript the page shows the matrix as of the harvest and every interval
// below it; with it, the picker (hidden until this runs) redraws each cell of the same matrix for
// the moment picked. Text goes in with textContent and links only to release pages the build
// made, so nothing from a deployment log is parsed as HTML here.
import { formatDateTime } from '../render/format.ts';
import {
  instantToZoned,
  intervalAt,
  zonedToInstant,
  type TimeTravelData,
  type TimeTravelInterval,
} from './time-travel.ts';

export function renderTimeTravel(doc: Document): void {
  const dataElement = doc.getElementById('time-travel-data');
  const form = doc.getElementById('time-travel') as HTMLFormElement | null;
  const input = doc.getElementById('time-travel-at') as HTMLInputElement | null;
  const reset = doc.getElementById('time-travel-now') as HTMLButtonElement | null;
  const status = doc.getElementById('time-travel-status');
  const asOf = doc.getElementById('matrix-as-of');
  if (!dataElement || !form || !input || !reset || !status || !asOf) return;
  const data = JSON.parse(dataElement.textContent ?? '{}') as TimeTravelData;
  const cells = [...doc.querySelectorAll<HTMLElement>('td[data-project][data-environment]')];
  // The cells as the build wrote them (with notes about the latest attempt): "now" puts them back.
  const original = new Map(cells.map((cell) => [cell, [...cell.childNodes].map((n) => n.cloneNode(true))]));
  const harvested = Date.parse(data.harvestedAt);

  const show = (instant: number) => {
    const now = instant >= harvested;
    const when = formatDateTime(new Date(now ? harvested : instant).toISOString(), data.timeZone).text;
    asOf.textContent = now ? `now (${when}, the time of the harvest)` : when;
    for (const cell of cells) {
      if (now) cell.replaceChildren(...original.get(cell)!.map((n) => n.cloneNode(true)));
      else
        cell.replaceChildren(
          ...cellContent(
            doc,
            intervalAt(data.intervals, cell.dataset.project!, cell.dataset.environment!, instant),
            data.empty,
          ),
        );
    }
    status.textContent = now
      ? `Showing what runs now, as of the harvest on ${when}.`
      : `Showing what ran on ${when}.`;
  };

  form.hidden = false;
  input.min = data.min;
  input.max = data.max;
  input.value = data.max;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const instant = zonedToInstant(input.value, data.timeZone);
    if (instant === null) {
      status.textContent = 'Pick a date and a time first.';
      return;
    }
    show(instant);
  });
  input.addEventListener('change', () => {
    const instant = zonedToInstant(input.value, data.timeZone);
    if (instant !== null) show(instant);
  });
  reset.addEventListener('click', () => {
    input.value = instantToZoned(harvested, data.timeZone);
    show(harvested);
  });
}

/** What one cell shows for an interval, in the markup src/components/delivery/EnvironmentCell.astro writes. */
function cellContent(doc: Document, interval: TimeTravelInterval | null, empty: string): Node[] {
  const el = (tag: string, className: string, text?: string) => {
    const e = doc.createElement(tag);
    e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  if (!interval) return [el('span', 'env-none', empty)];
  let version: HTMLElement;
  if (interval.url) {
    version = el('a', 'env-version', interval.label);
    (version as HTMLAnchorElement).href = interval.url;
  } else {
    version = el('span', 'env-version env-unknown', interval.label);
  }
  const since = el('span', 'env-since', `since ${interval.since}`);
  const by = el('span', 'env-by', `${interval.by} (`);
  const record = el('a', '', 'record') as HTMLAnchorElement;
  record.removeAttribute('class');
  record.href = `#${interval.anchor}`;
  by.append(record, ')');
  return [version, since, by];
}
