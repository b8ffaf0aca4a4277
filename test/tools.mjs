// Optional external tools (cc, shellcheck, busybox, ansible-playbook, systemd-analyze,
// man, libxen-dev, …): a test that needs a missing one is skipped with a one-line reason
// naming what to install — except under CI=true, where .ci/run installs them all, so a
// missing tool there is a failure, not a skip.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'uvu';

/** True when `command` is on PATH. */
export function have(command) {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command], { encoding: 'utf8' }).status === 0;
}

/** True when every path exists (headers, libraries). */
export function haveFiles(...paths) {
  return paths.every((p) => existsSync(p));
}

export const inCI = process.env.CI === 'true';

/**
 * `test` when `ok`; otherwise `test.skip` with the reason printed once — or, under
 * CI=true, a test function whose every test fails with the reason.
 */
export function testIf(ok, reason) {
  if (ok) return test;
  if (inCI) {
    const failing = (name) =>
      test(name, () => {
        throw new Error(`CI=true and a required tool is missing: ${reason}`);
      });
    failing.skip = test.skip;
    failing.only = test.only;
    failing.before = test.before;
    failing.after = test.after;
    failing.run = test.run;
    return failing;
  }
  console.log(`SKIP: ${reason}`);
  return test.skip;
}
