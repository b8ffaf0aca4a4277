// Optional external tools (cc, shellcheck, busybox, ansible-playbook, systemd-analyze,
// man, libxen-dev, …): a test that needs a missing one is skipped with a one-line reason
// naming what to install — except under CI=true, where .ci/run installs them all, so a
// missing tool there is a failure, not a skip.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { test } from 'uvu';

/** True when `command` is an executable file in a PATH directory (looked up without a shell, which may be missing too). */
export function have(command) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      const path = join(dir || '.', command);
      accessSync(path, constants.X_OK);
      return statSync(path).isFile();
    } catch {
      return false;
    }
  });
}

/** True when every path exists (headers, libraries). */
export function haveFiles(...paths) {
  return paths.every((p) => existsSync(p));
}

export const inCI = process.env.CI === 'true';

/**
 * `test` when `ok`; otherwise a test function whose tests are skipped with the reason
 * printed once (`SKIP: reason`, which test/run.mjs lists) — or, under CI=true, whose every
 * test fails with the reason. Both keep `test`'s skip/only/before/after/run.
 */
export function testIf(ok, reason) {
  if (ok) return test;
  let replacement;
  if (inCI) {
    replacement = (name) =>
      test(name, () => {
        throw new Error(`CI=true and a required tool is missing: ${reason}`);
      });
  } else {
    console.log(`SKIP: ${reason}`);
    replacement = (name, fn) => test.skip(name, fn);
  }
  return Object.assign(replacement, { skip: test.skip, only: test.only, before: test.before, after: test.after, run: test.run });
}
