// How a value from a document is quoted in a message: short enough for one line, exact enough to
// find it in the file.

const MAX = 60;

/** `"abc"`, `42`, `null`, `an array of 3 items`, `an object`; long strings are cut with "…". */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') {
    const s = JSON.stringify(v);
    return s.length > MAX ? `${s.slice(0, MAX - 2)}…" (${v.length} characters)` : s;
  }
  if (Array.isArray(v))
    return v.length === 0 ? 'an empty array' : `an array of ${v.length} item${v.length === 1 ? '' : 's'}`;
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

/** `a string`, `an array`, `a number or null`, from JSON Schema type names. */
export function describeType(t: string): string {
  const names = t
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const one = (n: string) => (n === 'null' ? 'null' : /^[aeiou]/.test(n) ? `an ${n}` : `a ${n}`);
  if (names.length <= 1) return one(names[0] ?? t);
  return `${names.slice(0, -1).map(one).join(', ')} or ${one(names[names.length - 1])}`;
}

/** `a string`, `a number`, `an array`, `an object`, `null`: the JSON type of a value, with an article. */
export function describeJsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  if (typeof v === 'object') return 'an object';
  return describeType(typeof v);
}
