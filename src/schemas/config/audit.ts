// The audit chain's settings: the key that signs its head (docs/audit.md).
import { z } from 'astro/zod';

export const auditSettings = {
  /** The audit chain: the key that signs its head after every harvest (docs/audit.md). */
  audit: z
    .object({
      /** An SSH private key (relative to the config file) that signs the chain's head; `WAYBILL_AUDIT_SIGNING_KEY` wins. */
      signingKey: z
        .string()
        .optional()
        .describe(
          "An SSH private key file, relative to the config file, that signs the audit chain's head after every harvest that changes it (`ssh-keygen -Y sign -n waybill-audit-head`), so `waybill verify --allowed-signers` can prove the chain was not rewritten by someone without the key; without it, heads are not signed. Ed25519 is best: its signatures are reproducible. The path in the environment variable `WAYBILL_AUDIT_SIGNING_KEY` wins, so CI can keep the key in a secret (see [audit.md](audit.md)).",
        )
        .meta({ examples: ['keys/audit_ed25519'] }),
    })
    .strict()
    .default({})
    .describe('The audit chain: the key that signs its head.'),
};
