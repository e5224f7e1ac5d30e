// Group releases (release trains, config `groups`): `/groups/<id>/` lists the member versions and
// their combined notes, breaking changes of every member first. Built from the release view
// models (src/lib/release/release-view.ts and changes-view.ts, grouped by src/core/notes.ts groupChanges), so a
// change reads the same here as on its release page. Pure: the portal comes in as an argument.
import { changesetEntries } from '../../core/changesets.ts';
import type { Change, Group } from '../../schemas/index.ts';
import { formatCivilDate, monthOf } from '../model/civil-date.ts';
import { makeLinker } from '../model/links.ts';
import type { Portal } from '../model/portal.ts';
import { makeRedactor } from '../../core/privacy.ts';
import { toChangesView, type ChangeView, type ChangesView } from '../release/changes-view.ts';
import { toReleaseView, type NotesView } from '../release/release-view.ts';

export interface GroupMemberView {
  projectId: string;
  projectName: string;
  version: string;
  /** `Acme API 1.2.0` */
  label: string;
  /** The release page, or null while the version is not released yet. */
  url: string | null;
  released: boolean;
  /** Anchor of the member's section on the group page. */
  anchor: string;
  /** The member's best hand-written notes, or null when its notes are the commit list. */
  notes: NotesView | null;
  /** Its changes other than breaking ones (those are listed first for the whole group). */
  groups: ChangesView['groups'];
  breakingCount: number;
}

export interface GroupView {
  id: string;
  name: string;
  date: string;
  /** `Saturday, 21 February 2026` */
  dateTitle: string;
  /** The calendar month page the group is shown on. */
  calendarUrl: string;
  members: GroupMemberView[];
  /**
   * Every member's breaking changes, in member order, once each: a commit that touches two
   * packages is one change, listed with every member it breaks.
   */
  breaking: { members: { text: string; url: string | null }[]; change: ChangeView }[];
  releasedCount: number;
}

export function getGroupPaths(portal: Portal): { params: { group: string } }[] {
  return portal.groups.map((g) => ({ params: { group: g.id } }));
}

export function resolveGroup(portal: Portal, id: string | undefined): Group {
  const group = id === undefined ? undefined : portal.group(id);
  if (!group) throw new Error(`waybill: no group release "${id}"`);
  return group;
}

/**
 * A member's changes as its own changelog says them. In a changesets monorepo one commit can break
 * one package and only add to another: the commit's `!` marks it breaking in both releases, but the
 * package whose changeset lists it under "Minor Changes" or "Patch Changes" is not broken by it
 * (docs/site.md, "Group releases").
 */
export function bumpAwareChanges(changes: readonly Change[], changelog: string | null): Change[] {
  const entries = changesetEntries(changelog);
  if (entries.length === 0) return [...changes];
  const names = (c: Change, e: { hashes: string[] }) => e.hashes.some((h) => c.hash.startsWith(h));
  return changes.map((c) => {
    if (!c.breaking) return c;
    const listed = entries.filter((e) => names(c, e));
    if (listed.length === 0 || listed.some((e) => e.bump === 'major')) return c;
    return { ...c, breaking: false, breakingNotes: [] };
  });
}

export function toGroupView(portal: Portal, group: Group): GroupView {
  const redact = makeRedactor(portal.audience);
  const members = group.members.map((m): GroupMemberView & { breaking: ChangeView[] } => {
    const entry = portal.project(m.project)!;
    const release = m.released ? entry.releases.find((r) => r.version === m.version) : undefined;
    const view = release ? toReleaseView(portal, entry, release) : null;
    const record = release ? portal.record(release) : null;
    const changes = record
      ? toChangesView(
          bumpAwareChanges(record.changes, record.notes.changelog),
          makeLinker(entry.project.links),
          redact,
        )
      : null;
    const label = `${entry.project.name} ${m.version}`;
    return {
      projectId: m.project,
      projectName: entry.project.name,
      version: m.version,
      label,
      url: release ? portal.paths.release(m.project, release.slug) : null,
      released: release !== undefined,
      anchor: `member-${m.project}`,
      notes: view?.notes ?? null,
      groups: changes?.groups ?? [],
      breakingCount: changes?.breaking.length ?? 0,
      breaking: changes?.breaking ?? [],
    };
  });
  const breaking = new Map<string, GroupView['breaking'][number]>();
  for (const m of members)
    for (const change of m.breaking) {
      const seen = breaking.get(change.hash);
      if (seen) seen.members.push({ text: m.label, url: m.url });
      else breaking.set(change.hash, { members: [{ text: m.label, url: m.url }], change });
    }
  return {
    id: group.id,
    name: group.name,
    date: group.date,
    dateTitle: formatCivilDate(group.date),
    calendarUrl: portal.paths.month(monthOf(group.date)),
    members: members.map(({ breaking: _, ...m }) => m),
    breaking: [...breaking.values()],
    releasedCount: members.filter((m) => m.released).length,
  };
}
