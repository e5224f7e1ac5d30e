// Which kind of SBOM a parsed JSON document is, from its own fields only: never from the file
// name, which is whatever the project's config pattern says.
import {
  CYCLONEDX_VERSIONS,
  SPDX_VERSIONS,
  type CycloneDxVersion,
  type SbomKind,
  type SbomProblem,
  type SpdxVersion,
} from './types.ts';
import { describeValue } from '../../errors/describe.ts';

export type Detection = ({ ok: true } & SbomKind) | ({ ok: false } & SbomProblem);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const cdxList = CYCLONEDX_VERSIONS.join(', ');
const EXPECTED =
  'expected a CycloneDX JSON document ("bomFormat": "CycloneDX" and "specVersion" one of ' +
  `${cdxList}) or an SPDX JSON document ("spdxVersion": "SPDX-2.2" or "SPDX-2.3")`;

/**
 * CycloneDX when `bomFormat` is "CycloneDX" (the spec's `const`), SPDX when `spdxVersion` is
 * present. A recognized format with a version outside the range docs/sbom.md names is reported at the
 * version field; anything else at "" with what was found.
 */
export function detectSbom(json: unknown): Detection {
  if (!isObject(json)) {
    return { ok: false, pointer: '', message: `not an SBOM: ${EXPECTED}; found ${describeValue(json)}` };
  }
  if (json.bomFormat === 'CycloneDX') {
    const v = json.specVersion;
    if ((CYCLONEDX_VERSIONS as readonly unknown[]).includes(v))
      return { ok: true, format: 'CycloneDX', specVersion: v as CycloneDxVersion };
    return {
      ok: false,
      pointer: v === undefined ? '' : '/specVersion',
      message:
        v === undefined
          ? `CycloneDX document without "specVersion": expected one of ${cdxList}`
          : // 1.0 and 1.1 exist only as XML, so a JSON document cannot be one of them.
            `unsupported CycloneDX specVersion ${describeValue(v)}: expected one of ${cdxList} (CycloneDX JSON starts at 1.2); ` +
            'export the SBOM with a newer tool version',
    };
  }
  if ('spdxVersion' in json) {
    const v = json.spdxVersion;
    const bare = typeof v === 'string' ? v.replace(/^SPDX-/, '') : undefined;
    if (
      typeof v === 'string' &&
      v.startsWith('SPDX-') &&
      (SPDX_VERSIONS as readonly unknown[]).includes(bare)
    ) {
      return { ok: true, format: 'SPDX', specVersion: bare as SpdxVersion };
    }
    return {
      ok: false,
      pointer: '/spdxVersion',
      message: `unsupported spdxVersion ${describeValue(v)}: expected "SPDX-2.2" or "SPDX-2.3" (SPDX 2.x JSON; 2.1 and 3.0 are not supported)`,
    };
  }
  const found: string[] = [];
  if ('bomFormat' in json) found.push(`"bomFormat": ${describeValue(json.bomFormat)}`);
  if ('specVersion' in json) found.push(`"specVersion": ${describeValue(json.specVersion)}`);
  if (found.length === 0) {
    const keys = Object.keys(json);
    found.push(
      keys.length === 0
        ? 'an empty object'
        : `an object with ${keys
            .slice(0, 6)
            .map((k) => JSON.stringify(k))
            .join(', ')}${keys.length > 6 ? ', …' : ''}`,
    );
  }
  return { ok: false, pointer: '', message: `not an SBOM: ${EXPECTED}; found ${found.join(' and ')}` };
}
