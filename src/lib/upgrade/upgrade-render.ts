// The upgrade page's script (bundled by Astro from src/pages/projects/[project]/upgrade.astro):
// reads the embedded data and the query, lets src/lib/upgrade/upgrade.ts compute the range, and builds the
// result with createElement and textContent. The one exception is a migration note, which is HTML
// that src/lib/render/markdown.ts sanitized when the site was built; nothing typed by a visitor or read
// from the query ever becomes markup (the query only selects among known versions).
import { splitInlineCode } from '../render/inline-code.ts';
import {
  commitLink,
  computeUpgrade,
  findRelease,
  formatUpgradeSummary,
  readUpgradeQuery,
  type UpgradeData,
  type UpgradeItem,
  type UpgradeOutcome,
} from './upgrade.ts';

type Child = Node | string | null | false;

function el(
  doc: Document,
  tag: string,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElement {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c) node.append(c);
  return node;
}

function changeItem(doc: Document, data: UpgradeData, { change, release }: UpgradeItem): HTMLElement {
  const subject = el(doc, 'span', { class: 'subject' });
  for (const part of splitInlineCode(change.subject))
    subject.append(part.code ? el(doc, 'code', {}, part.text) : part.text);
  const url = commitLink(data, change.hash);
  const short = el(doc, 'code', {}, change.hash.slice(0, 7));
  const hash = url
    ? el(
        doc,
        'a',
        { href: url, class: 'hash', title: `Commit ${change.hash}`, 'data-hash': change.hash },
        short,
      )
    : el(doc, 'span', { class: 'hash', title: `Commit ${change.hash}`, 'data-hash': change.hash }, short);
  const li = el(
    doc,
    'li',
    { class: change.releaseBump ? 'change is-bump' : 'change' },
    el(
      doc,
      'p',
      { class: 'change-line' },
      el(
        doc,
        'a',
        { class: 'badge', href: release.url, title: `Released in ${release.version} on ${release.dateText}` },
        release.version,
      ),
      ' ',
      change.scope !== null && el(doc, 'strong', { class: 'scope' }, `${change.scope}:`),
      change.scope !== null && ' ',
      subject,
      ' ',
      el(doc, 'span', { class: 'meta' }, '(', hash, ')'),
    ),
  );
  if (change.breakingNotes.length > 0) {
    const migration = el(
      doc,
      'div',
      { class: 'migration' },
      el(doc, 'p', { class: 'migration-label' }, 'Migration'),
    );
    for (const html of change.breakingNotes) {
      const prose = el(doc, 'div', { class: 'prose' });
      // Sanitized at build time by src/lib/render/markdown.ts (rehype-sanitize); see UpgradeChange.
      prose.innerHTML = html;
      migration.append(prose);
    }
    li.append(migration);
  }
  return li;
}

function draw(
  doc: Document,
  data: UpgradeData,
  outcome: UpgradeOutcome,
  status: HTMLElement,
  out: HTMLElement,
): void {
  out.replaceChildren();
  if (!outcome.ok) {
    status.className = 'upgrade-status is-problem';
    status.textContent = outcome.message;
    return;
  }
  status.className = 'upgrade-status';
  status.textContent = `From ${outcome.from.version} to ${outcome.to.version}: ${formatUpgradeSummary(outcome)}.`;
  if (outcome.breaking.length > 0) {
    out.append(
      el(
        doc,
        'section',
        { class: 'breaking', 'aria-labelledby': 'upgrade-breaking' },
        el(doc, 'h2', { id: 'upgrade-breaking' }, 'Breaking changes'),
        el(
          doc,
          'ul',
          { class: 'changes breaking-list' },
          ...outcome.breaking.map((item) => changeItem(doc, data, item)),
        ),
      ),
    );
  }
  const changes = el(
    doc,
    'section',
    { 'aria-labelledby': 'upgrade-changes' },
    el(doc, 'h2', { id: 'upgrade-changes' }, 'Changes'),
  );
  if (outcome.changeCount === 0) changes.append(el(doc, 'p', {}, 'No changes between these versions.'));
  else if (outcome.groups.length === 0)
    changes.append(el(doc, 'p', {}, 'Every change is listed under breaking changes.'));
  for (const g of outcome.groups) {
    changes.append(
      el(
        doc,
        'section',
        { class: 'change-group', 'aria-labelledby': `upgrade-group-${g.key}` },
        el(
          doc,
          'h3',
          { id: `upgrade-group-${g.key}` },
          g.title,
          ' ',
          el(doc, 'span', { class: 'count', 'aria-hidden': 'true' }, String(g.items.length)),
        ),
        el(doc, 'ul', { class: 'changes' }, ...g.items.map((item) => changeItem(doc, data, item))),
      ),
    );
  }
  out.append(changes);
  if (outcome.alreadyHave.length > 0) {
    // Backports: the reader's version has a copy of these already (docs/site.md, "Upgrade page").
    out.append(
      el(
        doc,
        'section',
        { class: 'already-have', 'aria-labelledby': 'upgrade-already' },
        el(doc, 'h2', { id: 'upgrade-already' }, 'Already in your version'),
        el(
          doc,
          'p',
          { class: 'note' },
          `${outcome.from.version} has ${outcome.alreadyHave.length === 1 ? 'this change' : 'these changes'} already (backported), so ${outcome.alreadyHave.length === 1 ? 'it is' : 'they are'} not counted:`,
        ),
        el(
          doc,
          'ul',
          { class: 'changes' },
          ...outcome.alreadyHave.map((item) => {
            const li = changeItem(doc, data, item);
            li.classList.add('is-had');
            li.append(
              el(
                doc,
                'p',
                { class: 'meta' },
                'Already shipped in ',
                el(doc, 'a', { href: item.had.url }, item.had.version),
                '.',
              ),
            );
            return li;
          }),
        ),
      ),
    );
  }
  if (outcome.chores.length > 0) {
    out.append(
      el(
        doc,
        'details',
        { class: 'chores' },
        el(
          doc,
          'summary',
          {},
          `${outcome.chores.length} release ${outcome.chores.length === 1 ? 'chore' : 'chores'} (version bumps, release commits), not counted`,
        ),
        el(doc, 'ul', { class: 'changes' }, ...outcome.chores.map((item) => changeItem(doc, data, item))),
      ),
    );
  }
  const notes = outcome.releases.filter((r) => r.highlights.length > 0 || r.prose !== null);
  if (notes.length > 0) {
    const section = el(
      doc,
      'section',
      { class: 'release-notes', 'aria-labelledby': 'upgrade-notes' },
      el(doc, 'h2', { id: 'upgrade-notes' }, 'Release notes'),
    );
    for (const r of notes) {
      const block = el(
        doc,
        'section',
        { class: 'release-note', 'aria-labelledby': `upgrade-notes-${r.slug}` },
        el(doc, 'h3', { id: `upgrade-notes-${r.slug}` }, el(doc, 'a', { href: r.url }, r.version)),
      );
      if (r.highlights.length > 0)
        block.append(
          el(doc, 'ul', { class: 'highlights' }, ...r.highlights.map((h) => el(doc, 'li', {}, h))),
        );
      if (r.prose !== null) {
        const prose = el(doc, 'div', { class: 'prose' });
        // Sanitized at build time by src/lib/render/markdown.ts (rehype-sanitize); see UpgradeRelease.
        prose.innerHTML = r.prose;
        block.append(prose);
      }
      section.append(block);
    }
    out.append(section);
  }
  out.append(
    el(
      doc,
      'section',
      { 'aria-labelledby': 'upgrade-releases' },
      el(doc, 'h2', { id: 'upgrade-releases' }, 'Releases in this upgrade'),
      el(
        doc,
        'ol',
        { class: 'range-list' },
        ...outcome.releases.map((r) =>
          el(
            doc,
            'li',
            {},
            el(doc, 'a', { href: r.url }, r.version),
            ' ',
            el(doc, 'span', { class: 'meta' }, `(${r.dateText}${r.prerelease ? ', pre-release' : ''})`),
          ),
        ),
      ),
    ),
  );
}

/** Wires the page: called once from the page's script. */
export function renderUpgrade(doc: Document): void {
  const dataElement = doc.getElementById('upgrade-data');
  const status = doc.getElementById('upgrade-status');
  const out = doc.getElementById('upgrade-result');
  const form = doc.getElementById('upgrade-form') as HTMLFormElement | null;
  const from = doc.getElementById('upgrade-from') as HTMLSelectElement | null;
  const to = doc.getElementById('upgrade-to') as HTMLSelectElement | null;
  if (!dataElement || !status || !out || !form || !from || !to) return;
  const data = JSON.parse(dataElement.textContent ?? '') as UpgradeData;
  const view = doc.defaultView!;

  // The query picks the versions; a version the project does not have is reported, not replaced.
  const query = readUpgradeQuery(view.location.search);
  const pick = (select: HTMLSelectElement, wanted: string | null): string | null => {
    if (wanted === null) return select.value;
    const release = findRelease(data, wanted);
    if (release) select.value = release.version;
    return release ? release.version : wanted;
  };
  const initial = computeUpgrade(data, pick(from, query.from), pick(to, query.to));
  draw(doc, data, initial, status, out);

  const update = () => {
    const q = new URLSearchParams({ from: from.value, to: to.value });
    view.history.replaceState(null, '', `${view.location.pathname}?${q}`);
    draw(doc, data, computeUpgrade(data, from.value, to.value), status, out);
  };
  from.addEventListener('change', update);
  to.addEventListener('change', update);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    update();
  });
}
