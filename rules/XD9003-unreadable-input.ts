// XD9003: an input file that cannot be read (missing, permission denied, a
// directory, too large). Reported as a finding so machine-readable formats
// still print a whole document; lint exits 2 all the same.

import { fileSpan } from '../src/model/span.js';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD9003',
  name: 'unreadable-input',
  severity: 'error',
  docs: {
    summary: 'A file lint was asked to check (the sysconfig, an AUTO entry, a FILES argument) cannot be read.',
    rationale: `An unreadable file is not a clean one: nothing in it was checked, and at boot the reference script would not
read it either. \`lint\` exits 2 (unreadable input) whatever the other findings, and prints the reason on stderr; in
the machine-readable formats (json, sarif, checkstyle, github) it is also this finding, so a CI job that parses the
output gets a whole document naming the file instead of an empty stdout. It cannot be suppressed: fix the path or
its permissions.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\n", unreadable: 'permission denied' }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\n" }],
  },
  check(ctx) {
    for (const u of ctx.unreadable) ctx.report(fileSpan(u.path), `cannot read ${u.path}: ${u.reason}`);
  },
});
