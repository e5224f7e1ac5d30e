// Group releases (release trains, config `groups`): `/groups/<id>/` lists the member versions and
// their combined notes, breaking changes of every member first. Built from the release view
// models (src/lib/views.ts, whose changes are grouped by src/core/notes.ts groupChanges), so a
// change reads the same here as on its release page. Pure: the portal comes in as an argument.
import type { Group } from '../schemas/index.ts';
import { formatCivilDate, monthOf } from './calendar.ts';
import type { Portal } from './portal.ts';
import { toReleaseView, type ChangeView, type ChangesView, type NotesView } from './views.ts';

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
  /** Every member's breaking changes, in member order, each with the member it is in. */
  breaking: { member: string; memberUrl: string | null; change: ChangeView }[];
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

export function toGroupView(portal: Portal, group: Group): GroupView {
  const members = group.members.map((m): GroupMemberView & { breaking: ChangeView[] } => {
    const entry = portal.project(m.project)!;
    const release = m.released ? entry.releases.find((r) => r.version === m.version) : undefined;
    const view = release ? toReleaseView(portal, entry, release) : null;
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
      groups: view?.changes.groups ?? [],
      breakingCount: view?.changes.breaking.length ?? 0,
      breaking: view?.changes.breaking ?? [],
    };
  });
  return {
    id: group.id,
    name: group.name,
    date: group.date,
    dateTitle: formatCivilDate(group.date),
    calendarUrl: portal.paths.month(monthOf(group.date)),
    members: members.map(({ breaking: _, ...m }) => m),
    breaking: members.flatMap((m) =>
      m.breaking.map((change) => ({ member: m.label, memberUrl: m.url, change })),
    ),
    releasedCount: members.filter((m) => m.released).length,
  };
}
