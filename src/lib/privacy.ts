// PRODUCT.md, "Audiences": the public dist/ must not contain e-mail addresses in any page or JSON
// file. Authors and contributors are shown by name, and for the public audience every other text
// that comes from a repository (subjects, bodies, changelogs, tag messages, even names, since git
// lets a name be an address) has addresses replaced before it is rendered or serialized.
import type { Audience } from './env.ts';

/** What an address is replaced with. Brackets make it read as an editorial note. */
export const EMAIL_PLACEHOLDER = '[email hidden]';

// Deliberately broad (RFC 5322 local parts are broader still, but these are what appears in commit
// messages: `Name <a.b+c@x.example>`, `mailto:a@x.example`). The domain needs a dot and a
// letter-only last label, so npm-style tags such as `@acme/api@1.2.0` are not addresses.
const EMAIL =
  /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}/g;

export function redactEmails(text: string): string {
  return text.replace(EMAIL, EMAIL_PLACEHOLDER);
}

/**
 * For text from repositories: redacts for the public audience, leaves it whole for internal.
 * `hidesEmails` tells the Markdown renderer to redact again after decoding: `alice&#64;x.example`
 * or `alice@x\.example` only become an address once Markdown is rendered.
 */
export type Redact = ((text: string) => string) & { readonly hidesEmails: boolean };

const publicRedact: Redact = Object.assign((text: string) => redactEmails(text), { hidesEmails: true });
const internalRedact: Redact = Object.assign((text: string) => text, { hidesEmails: false });

export function makeRedactor(audience: Audience): Redact {
  return audience === 'public' ? publicRedact : internalRedact;
}
