// How a value found in the input is quoted in a message: short enough for one line, exact enough
// to find it in the file. One describer for every message; each kind of message keeps the wording
// its readers have always seen.

const MAX = 60;

/**
 * The wording of a found value, by the kind of message it appears in:
 * - `document` (an SBOM, a deployment log): `"abc"`, `42`, `null`, `an empty array`,
 *   `an array of 3 items`, `an object`, `nothing`; a long string is cut and its length given;
 * - `setting` (the config and the files a person writes beside it, key paths): `string "abc"`,
 *   `number 42`, `null`, `an array of 3`, `an object`, `nothing`;
 * - `field` (a record of the data folder, JSON pointers): `the string "abc"`, `the number 42`,
 *   `null`, `an array of 3 items`, `an object`, `nothing (the field is missing)`.
 */
type ValueWording = 'document' | 'setting' | 'field';

/** How `v` reads after "found" in a message, in the given wording. */
export function describeValue(v: unknown, wording: ValueWording = 'document'): string {
  if (v === undefined) return wording === 'field' ? 'nothing (the field is missing)' : 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) {
    if (wording === 'setting') return `an array of ${v.length}`;
    if (wording === 'document' && v.length === 0) return 'an empty array';
    return `an array of ${v.length} item${v.length === 1 ? '' : 's'}`;
  }
  if (typeof v === 'object') return 'an object';
  switch (wording) {
    case 'document': {
      if (typeof v === 'string') {
        const s = JSON.stringify(v);
        return s.length > MAX ? `${s.slice(0, MAX - 2)}…" (${v.length} characters)` : s;
      }
      return typeof v === 'number' || typeof v === 'boolean' ? String(v) : typeof v;
    }
    case 'setting': {
      // A waybill.config.ts can hold what JSON cannot: say what it is rather than fail to quote it.
      if (typeof v === 'function') return 'a function';
      if (typeof v === 'bigint') return `bigint ${String(v)}n`;
      if (typeof v === 'symbol') return String(v);
      const s = JSON.stringify(v);
      return `${typeof v} ${s.length > MAX ? `${s.slice(0, MAX - 3)}…` : s}`;
    }
    case 'field': {
      if (typeof v === 'string')
        return `the string ${JSON.stringify(v.length > MAX ? v.slice(0, MAX - 3) + '…' : v)}`;
      return typeof v === 'number' || typeof v === 'boolean' ? `the ${typeof v} ${String(v)}` : 'an object';
    }
  }
}

/** `a string`, `an integer`, `null`: a type name with its article. */
export function withArticle(type: string): string {
  return type === 'null' ? 'null' : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** `a string`, `an array`, `a number or null`, from JSON Schema type names. */
export function describeType(t: string): string {
  const names = t
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (names.length <= 1) return withArticle(names[0] ?? t);
  return `${names.slice(0, -1).map(withArticle).join(', ')} or ${withArticle(names[names.length - 1])}`;
}

/** `a string`, `a number`, `an array`, `an object`, `null`: the JSON type of a value, with an article. */
export function describeJsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  if (typeof v === 'object') return 'an object';
  return describeType(typeof v);
}
