// The id a project, an environment or a group goes by in URLs and in the settings that name it.
import { z } from 'astro/zod';

export const IdSchema = z
  .string()
  .regex(/^[a-z0-9-]+$/, 'an id of lower-case letters, digits and "-" (like "api" or "web-app")');
