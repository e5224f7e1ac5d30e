// spdx-expression-parse 4 ships no types; this is the shape its README documents.
declare module 'spdx-expression-parse' {
  interface LicenseInfo {
    license: string;
    plus?: true;
    exception?: string;
  }
  interface ConjunctionInfo {
    conjunction: 'and' | 'or';
    left: LicenseInfo | ConjunctionInfo;
    right: LicenseInfo | ConjunctionInfo;
  }
  /** Throws on anything that is not a valid SPDX license expression (ids are case-sensitive). */
  function parse(source: string): LicenseInfo | ConjunctionInfo;
  export = parse;
}
