import { z } from 'astro/zod';
import { DateTimeSchema } from './commit.ts';

/** `shard.json`: what `harvest --project` harvested into a shard folder, for `waybill merge`. */
export const ShardSchema = z.object({
  format: z.number().int().positive(),
  generator: z.string(),
  /** The projects this shard holds; the folder's other files (a restored data folder) are not its. */
  projects: z.array(z.string()).min(1),
  harvestedAt: DateTimeSchema,
});
export type Shard = z.infer<typeof ShardSchema>;
