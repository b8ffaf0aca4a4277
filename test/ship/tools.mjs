// Which external tools the ship tests can use: a test that needs a missing one is
// skipped with a message saying what to install, never failed.
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';

export function have(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

/** test() when `ok`, else test.skip() with the reason printed once. */
export function testIf(ok, reason) {
  if (ok) return test;
  console.log(`SKIP: ${reason}`);
  return test.skip;
}
