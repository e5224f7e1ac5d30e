// The config's `identities`: one person under every name they go by (docs/configuration.md,
// "identities"). Git knows a person by the name and address `.mailmap` gives them; a forge and a
// deployment log know them by a user name. Without this map an auditor cannot tell that the
// deployer `erin`, the approver `ehoffmann` and the author `Erin Hoffmann` are one person, and the
// segregation-of-duties control cannot either. Pure: the config in, look-ups out. Every match
// ignores case and the spaces around a name.
import type { IdentityConfig } from '../schemas/config/identities.ts';
import type { Person } from '../schemas/commit.ts';

const norm = (s: string) => s.trim().toLowerCase();

/** One configured person, with its place in the config (for messages and keys). */
export interface Identity {
  /** Index in the config's `identities`. */
  index: number;
  /** The display name. */
  name: string;
}

export interface IdentityMap {
  /** No identities are configured: every look-up answers null. */
  readonly empty: boolean;
  /** The person a deployment actor or approver names (their name, an address or an alias), or null. */
  ofName(text: string | null | undefined): Identity | null;
  /** The person a commit author or co-author is (by name or address, after `.mailmap`), or null. */
  ofPerson(person: Pick<Person, 'name' | 'email'>): Identity | null;
}

/**
 * The look-ups for the config's `identities`. A text listed for two people is left to the first
 * of them (the config rule `identitiesUnambiguous` reports it before any harvest).
 */
export function buildIdentityMap(identities: readonly IdentityConfig[] = []): IdentityMap {
  const byText = new Map<string, Identity>();
  identities.forEach((entry, index) => {
    const identity: Identity = { index, name: entry.name.trim() };
    for (const text of [entry.name, ...entry.emails, ...entry.aliases]) {
      const key = norm(text);
      if (key !== '' && !byText.has(key)) byText.set(key, identity);
    }
  });
  const ofName = (text: string | null | undefined) => (text ? (byText.get(norm(text)) ?? null) : null);
  return {
    empty: byText.size === 0,
    ofName,
    ofPerson: (p) => ofName(p.email) ?? ofName(p.name),
  };
}

export const NO_IDENTITIES: IdentityMap = buildIdentityMap([]);

/**
 * How a deployer or approver is shown: the person's display name where an identity maps them,
 * with the name the log recorded after it when that differs (`Erin Hoffmann (erin)`).
 */
export function formatActor(text: string, map: IdentityMap): string {
  const identity = map.ofName(text);
  if (!identity || norm(identity.name) === norm(text)) return identity?.name ?? text;
  return `${identity.name} (${text})`;
}
