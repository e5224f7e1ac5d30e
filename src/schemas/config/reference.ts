// The reference tables of docs/configuration.md, one per area of the config, made from the JSON
// Schema (./json-schema.ts), so a key's documentation is the description of its field and cannot
// drift from what the loader accepts. `npm run schema` writes them between the marker comments
// `<!-- generated:config-reference <area> -->` and `<!-- /generated -->`.
import { auditSettings } from './audit.ts';
import { calendarSettings } from './calendar.ts';
import { deploymentSettings } from './deployments.ts';
import { identitySettings } from './identities.ts';
import { configJsonSchema } from './json-schema.ts';
import { portalSettings } from './portal.ts';
import { projectSettings } from './projects.ts';

export const CONFIG_REFERENCE_FILE = 'docs/configuration.md';

/** Each area's marker name in docs/configuration.md and the settings it holds. */
const AREAS: { id: string; settings: object }[] = [
  { id: 'portal', settings: portalSettings },
  { id: 'projects', settings: projectSettings },
  { id: 'deployments', settings: deploymentSettings },
  { id: 'calendar', settings: calendarSettings },
  { id: 'identities', settings: identitySettings },
  { id: 'audit', settings: auditSettings },
];

/** The part of a JSON Schema node the tables read. */
interface SchemaNode {
  type?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
}

/** A key's row, and the rows of the keys inside it (an object's, or each entry's of a list of objects). */
function rows(key: string, node: SchemaNode, required: boolean): string[] {
  if (!node.description)
    throw new Error(
      `the config key "${key}" has no description: give its field a .describe() in src/schemas/config/`,
    );
  const defaultText =
    node.default !== undefined ? `\`${JSON.stringify(node.default)}\`` : required ? 'required' : 'none';
  const own = `| \`${key}\` | ${defaultText} | ${cell(node.description)} |`;
  const inner = node.type === 'array' ? node.items : node;
  if (inner?.type !== 'object' || !inner.properties) return [own];
  const prefix = node.type === 'array' ? `${key}[].` : `${key}.`;
  return [
    own,
    ...Object.entries(inner.properties).flatMap(([k, child]) =>
      rows(prefix + k, child, inner.required?.includes(k) ?? false),
    ),
  ];
}

const cell = (text: string) => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');

/** The reference table of each area, by its marker name. */
function configReferenceTables(): Map<string, string> {
  const schema = JSON.parse(configJsonSchema()) as SchemaNode;
  const properties = schema.properties ?? {};
  const inAreas = AREAS.flatMap((a) => Object.keys(a.settings));
  const outside = Object.keys(properties).filter((k) => !inAreas.includes(k));
  if (outside.length)
    throw new Error(
      `the config keys ${outside.join(', ')} belong to no area: declare them in one of the settings of src/schemas/config/`,
    );
  return new Map(
    AREAS.map((area) => [
      area.id,
      [
        '| key | default | what |',
        '| --- | --- | --- |',
        ...Object.keys(area.settings).flatMap((k) =>
          rows(k, properties[k]!, schema.required?.includes(k) ?? false),
        ),
      ].join('\n') + '\n',
    ]),
  );
}

const BLOCK = /(<!-- generated:config-reference (\S+) -->\n)[\s\S]*?(<!-- \/generated -->)/g;

/**
 * `markdown` (docs/configuration.md) with each area's table written between its markers; the
 * hand-written text around them stays as it is. Every area has exactly one place.
 */
export function withConfigReference(markdown: string): string {
  const tables = configReferenceTables();
  const seen: string[] = [];
  const out = markdown.replace(BLOCK, (_, open: string, id: string, close: string) => {
    const table = tables.get(id);
    if (table === undefined || seen.includes(id))
      throw new Error(
        `${CONFIG_REFERENCE_FILE}: "<!-- generated:config-reference ${id} -->" ${table === undefined ? `names no area of the config (${[...tables.keys()].join(', ')})` : 'appears twice'}`,
      );
    seen.push(id);
    return `${open}\n${table}\n${close}`;
  });
  const missing = [...tables.keys()].filter((id) => !seen.includes(id));
  if (missing.length)
    throw new Error(
      `${CONFIG_REFERENCE_FILE} has no place for the reference of ${missing.join(', ')}: add "<!-- generated:config-reference <area> -->" and "<!-- /generated -->" where each table belongs`,
    );
  return out;
}
