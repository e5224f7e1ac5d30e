// Controls on production changes (SOC 2 CC8.1, ISO 27001 A.8.32), evaluated per deployment of a
// release. Pure: the deployments and the release's authors in, findings out.
import type { Person } from '../../schemas/commit.ts';
import type { Deployment } from '../../schemas/deployment.ts';
import type { Finding } from '../../schemas/evidence.ts';
import { formatActor, NO_IDENTITIES, type IdentityMap } from '../identities.ts';

const norm = (s: string) => s.trim().toLowerCase();

/**
 * The names one person goes by: their name, e-mail, and the e-mail's local part (which is
 * usually the forge handle that deployment tools record as the actor); and, when the config's
 * `identities` maps them to a person, that person's key (`identity:<index>`), which every alias
 * of theirs shares.
 */
export function identities(p: Person, map: IdentityMap = NO_IDENTITIES): Set<string> {
  const ids = new Set<string>([norm(p.name), norm(p.email)]);
  const local = p.email.split('@')[0];
  if (local) ids.add(norm(local.replace(/^\d+\+/, ''))); // GitHub noreply: 123+handle@users.noreply.github.com
  ids.delete('');
  const person = map.ofPerson(p);
  if (person) ids.add(`identity:${person.index}`);
  return ids;
}

/** Who a deployment actor or approver is: the configured person's key, else the name as recorded. */
export function actorKey(text: string, map: IdentityMap = NO_IDENTITIES): string {
  const person = map.ofName(text);
  return person ? `identity:${person.index}` : norm(text);
}

/** Deployments that count as a production change: every production attempt except a cancelled one. */
export function isProductionChange(d: Deployment): boolean {
  return d.tier === 'production' && d.status !== 'canceled';
}

/**
 * Findings for the deployments of one release:
 * - `approval`: a production change with no approver;
 * - `sod`: a production change approved only by the person who deployed it: no second person
 *   looked at it (when they also wrote changes of the release, author, approver and deployer are
 *   one person, and the message says so). An approver who wrote some of the commits is not a
 *   finding on its own: in small teams reviewers are usually also authors;
 * - `freeze`: any deployment that finished inside a freeze window.
 *
 * With the config's `identities` (`map`), a deployer, an approver and an author who are one person
 * under different names (`erin`, `ehoffmann`, `Erin Hoffmann`) count as that one person, and the
 * message names them by their display name.
 */
export function evaluateControls(
  deployments: Deployment[],
  authors: Person[],
  map: IdentityMap = NO_IDENTITIES,
): Finding[] {
  // Only a self-approved deployment needs them (most releases have no deployments at all).
  let authorIds: Set<string> | null = null;
  const findings: Finding[] = [];
  for (const d of deployments) {
    const base = { deployment: d.id, environment: d.environment, at: d.at };
    if (isProductionChange(d)) {
      const actor = d.actor ? actorKey(d.actor, map) : null;
      const shown = d.actor ? formatActor(d.actor, map) : null;
      if (d.approvers.length === 0) {
        findings.push({
          ...base,
          control: 'approval',
          message: `Deployed to ${d.environment} by ${shown ?? 'an unknown actor'} without any approval.`,
        });
      } else {
        const independent = d.approvers.filter((a) => actorKey(a, map) !== actor);
        if (independent.length === 0) {
          authorIds ??= new Set(authors.flatMap((a) => [...identities(a, map)]));
          // By the configured person, or by the name as recorded (an author's e-mail local part).
          const author = actor !== null && (authorIds.has(actor) || authorIds.has(norm(d.actor!)));
          findings.push({
            ...base,
            control: 'sod',
            message: `Deployed to ${d.environment} by ${shown}, who also approved it${author ? ' and wrote changes in it: author, approver and deployer are one person' : ': no second person approved it'}.`,
          });
        }
      }
    }
    if (d.freeze)
      findings.push({
        ...base,
        control: 'freeze',
        message: `Deployed to ${d.environment} during the freeze "${d.freeze.name}".`,
      });
  }
  return findings;
}
