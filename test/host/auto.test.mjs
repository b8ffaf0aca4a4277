// An AUTO entry's hostPath is posix.join(XENDOMAINS_AUTO, name) — what the
// reference's `$AUTO/*` glob shows — however XENDOMAINS_AUTO is written
// (trailing or doubled slashes, `.`, `..`, relative), for every kind of name
// a directory can list.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { autoEntry } from '../../dist/src/host/auto.js';

test('hostPath is posix.join(XENDOMAINS_AUTO, name)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xd-auto-'));
  try {
    const names = ['web.cfg', 'x', '..a', 'a..', '-', 'web.cfg~', 'a b', 'é.cfg'];
    for (const name of names) writeFileSync(join(dir, name), 'name = "n"\n');
    const autos = ['/etc/xen/auto', '/etc/xen/auto/', '/etc//xen/./auto//', '/etc/xen/auto/..', '/', '', '.', './', '..', 'auto', 'a/b/../..', '/..'];
    for (const autoValue of autos) {
      for (const name of names) {
        const entry = autoEntry({ dir, autoValue, dialect: 'xm' }, name);
        assert.is(entry.hostPath, posix.join(autoValue, name), `${JSON.stringify(autoValue)} + ${JSON.stringify(name)}`);
        assert.is(entry.kind, 'config');
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
