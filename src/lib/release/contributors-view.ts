// Who wrote a release or the advance notice, as pages list them: names only, in both audiences.
import type { Contributor } from '../../schemas/index.ts';
import type { Redact } from '../../core/privacy.ts';

export interface ContributorView {
  name: string;
  commits: number;
  firstTime: boolean;
  /** An automated account: listed apart from the people. */
  bot: boolean;
}

export function toContributorsView(contributors: readonly Contributor[], redact: Redact): ContributorView[] {
  // Names only, in both audiences: pages never show an address.
  return contributors.map((c) => ({
    name: redact(c.name),
    commits: c.commits,
    firstTime: c.firstTime,
    bot: c.bot,
  }));
}
