// displayEntry is displayPath for a directory entry with the directory's part
// worked out once: it must print exactly what displayPath prints, wherever the
// directory is relative to the working directory.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { displayEntry, displayPath } from '../../dist/src/host/paths.js';

test('displayEntry(dir, name) = displayPath(join(dir, name))', () => {
  const cwds = ['/', '/work', '/work/main', '/work/main/'];
  const dirs = ['/', '/work', '/work/main', '/work/main/etc/xen/auto', '/etc/xen/auto', 'etc/xen/auto', '.', './auto', '../other/auto', '/work/mainly', '/work/main/../x'];
  const names = ['web.cfg', 'a b.cfg', 'x~', 'vm-1'];
  for (const cwd of cwds) {
    for (const dir of dirs) {
      for (const name of names) assert.is(displayEntry(dir, name, cwd), displayPath(join(dir, name), cwd), `${cwd} | ${dir} | ${name}`);
    }
  }
});

test.run();
