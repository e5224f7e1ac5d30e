// Strings compared by UTF-16 code unit, as JavaScript's default sort compares them: the one order
// that does not depend on the machine's locale, so the same data gives the same bytes anywhere.
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
