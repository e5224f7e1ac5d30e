// Licenses as the portal shows and compares them: SPDX expressions parsed and written one way
// (`mit or apache-2.0` and `MIT  OR Apache-2.0` are both `MIT OR Apache-2.0`), free text kept as
// written. SPDX spec, annex D "SPDX license expressions": license ids match case-insensitively;
// operators are written upper-case.
import parseExpression from 'spdx-expression-parse';
// The CycloneDX library's SPDX id list (its spdx.schema.json enum, which includes exception ids)
// maps any case to the canonical spelling; spdx-expression-parse itself only knows exact case.
import { fixupSpdxId } from '@cyclonedx/cyclonedx-library/SPDX';
import type { Component } from '../../schemas/sbom.ts';
import { compareCodeUnits } from '../compare.ts';

export type License = Component['licenses'][number];

type Node = ReturnType<typeof parseExpression>;
type Leaf = Extract<Node, { license: string }>;

const isLeaf = (n: Node): n is Leaf => 'license' in n;

function render(n: Node, parentOp: 'AND' | 'OR' | null): string {
  if (isLeaf(n)) return `${n.license}${n.plus ? '+' : ''}${n.exception ? ` WITH ${n.exception}` : ''}`;
  const op = n.conjunction === 'and' ? 'AND' : 'OR';
  const s = `${render(n.left, op)} ${op} ${render(n.right, op)}`;
  // AND binds tighter than OR: only an OR inside an AND needs parentheses to keep its meaning.
  return parentOp === 'AND' && op === 'OR' ? `(${s})` : s;
}

/** One word of an expression with the case fixed where the SPDX lists know it. */
function fixWord(word: string): string {
  const upper = word.toUpperCase();
  if (upper === 'AND' || upper === 'OR' || upper === 'WITH') return upper;
  if (/^(documentref|licenseref)-/i.test(word)) {
    return word.replace(/^documentref-/i, 'DocumentRef-').replace(/(^|:)licenseref-/i, '$1LicenseRef-');
  }
  const plus = word.endsWith('+');
  const id = plus ? word.slice(0, -1) : word;
  return (fixupSpdxId(id) ?? id) + (plus ? '+' : '');
}

// Real BOMs repeat a handful of expressions thousands of times; parsing each once keeps a
// 10,000-component document fast. Bounded so a long-running process cannot grow it forever.
const memo = new Map<string, License | null>();

/**
 * A license expression or id as the portal records it: `{ kind: "id" }` for a single license
 * (`MIT`, `LicenseRef-acme`), `{ kind: "expression" }` for anything with AND, OR, WITH or `+`,
 * `{ kind: "name", value: <text as written> }` when it does not parse as SPDX. Null for blank text.
 */
export function normalizeLicenseExpression(text: string): License | null {
  const cached = memo.get(text);
  if (cached !== undefined) return cached;
  const result = normalizeUncached(text);
  if (memo.size > 10_000) memo.clear();
  memo.set(text, result);
  return result;
}

function normalizeUncached(text: string): License | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const words = trimmed.match(/\(|\)|[^\s()]+/g) ?? [];
  let node: Node;
  try {
    node = parseExpression(words.map((w) => (w === '(' || w === ')' ? w : fixWord(w))).join(' '));
  } catch {
    return { kind: 'name', value: trimmed };
  }
  const value = render(node, null);
  return { kind: isLeaf(node) && !node.plus && !node.exception ? 'id' : 'expression', value };
}

/** A CycloneDX `license.id`: the schema enumerates SPDX ids, so only the case may need fixing. */
export function normalizeLicenseId(id: string): License | null {
  const trimmed = id.trim();
  if (trimmed === '') return null;
  return { kind: 'id', value: fixupSpdxId(trimmed) ?? trimmed };
}

/** Licenses without repeats (same kind and value), in the order the document declares them. */
export function uniqueLicenses(licenses: readonly License[]): License[] {
  const seen = new Set<string>();
  const out: License[] = [];
  for (const l of licenses) {
    const k = `${l.kind}\u0000${l.value}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(l);
    }
  }
  return out;
}

/**
 * License (expression, id or name) → number of components declaring it, most common first, then
 * by license text in code-unit order. A component counts once per license however often it
 * repeats it; components without licenses are not counted.
 */
export function summarizeLicenses(
  components: readonly Pick<Component, 'licenses'>[],
): { license: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const c of components) {
    for (const value of new Set(c.licenses.map((l) => l.value)))
      counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts]
    .map(([license, count]) => ({ license, count }))
    .sort((a, b) => b.count - a.count || compareCodeUnits(a.license, b.license));
}
