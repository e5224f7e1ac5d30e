// Suites that need something outside the repository's own code (Debian's Chromium, the shared
// corpus): they run when it is there. When it is missing they are skipped on a developer's
// machine, but under CI (the `CI` environment variable, as `.ci/run` and every CI service set it)
// the run fails with the reason: a green CI must mean the suite ran.
import { describe, it } from 'vitest';

/**
 * `describe`, or a skipped one when `available` is false; under CI a missing requirement adds a
 * failing test that says what is missing and how to install it.
 */
export function describeIfAvailable(available: boolean, missing: string): Suite {
  if (available) return (name, fn) => describe(name, fn);
  if (process.env.CI) {
    describe(`cannot run: ${missing}`, () => {
      it('has what it needs', () => {
        throw new Error(`${missing} (under CI a suite that cannot run fails instead of skipping)`);
      });
    });
  }
  return (name, fn) => describe.skip(name, fn);
}

type Suite = (name: string, fn: () => void) => void;
