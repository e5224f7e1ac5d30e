// What comes next, in one line: the portfolio and the project page link the advance notice with
// it, and the advance notice opens with it (docs/releases-from-git.md, "Advance notice").
import type { Next } from '../../schemas/index.ts';
import { plural } from '../render/format.ts';

export interface NextHintView {
  url: string;
  /** Unreleased commits: with none, the portfolio says nothing rather than "no changes". */
  commitCount: number;
  /** `3 unreleased changes, 1 breaking: next is 2.0.0 (major)` */
  text: string;
}

/**
 * One line about the advance notice, for the portfolio and the project page. From a prerelease
 * base (6.0.0-next.8), the next release is named with the next prerelease of its line and the bump
 * is said from the last final release: "next is 6.0.0-next.9 or 6.0.0 (major after 5.5.7)"
 * (docs/releases-from-git.md, "Advance notice").
 */
export function formatNextHint(
  next: Pick<Next, 'commitCount' | 'breakingCount' | 'bump' | 'predicted'> &
    Partial<Pick<Next, 'base' | 'bumpFrom' | 'nextPrerelease'>>,
): string {
  if (next.commitCount === 0) return 'No unreleased changes';
  const breaking = next.breakingCount > 0 ? `, ${next.breakingCount} breaking` : '';
  const counted = `${plural(next.commitCount, 'unreleased commit')}${breaking}`;
  const from = next.bumpFrom && next.base && next.bumpFrom !== next.base ? ` after ${next.bumpFrom}` : '';
  if (next.predicted) {
    const which = next.nextPrerelease ? `${next.nextPrerelease} or ${next.predicted}` : next.predicted;
    return `${counted}: next is ${which}${next.bump ? ` (${next.bump}${from})` : ''}`;
  }
  if (next.bump) return `${counted}: a ${next.bump} release${from}`;
  return counted;
}
