// XD3117: a key set twice with `=` in one xl config: xl keeps only the last
// value, without a word, so the earlier line is dead (often a merge or
// copy-paste leftover). `+=` after `=` appends and is not reported.

import { defineRule } from '../src/lint/rule.js';
import type { DomainAssignment } from '../src/model/domain.js';

export default defineRule({
  code: 'XD3117',
  name: 'xl-duplicate-key',
  severity: 'warning',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'A key assigned twice with `=` in an xl config: xl silently keeps the last value.',
    rationale: `libxlu stores one value per key and a later \`key = …\` replaces the earlier one without any message (spec §3.3), so
in a long config the line you read first may not be the one in effect — \`memory = 4096\` near the top, \`memory = 1024\` added
at the bottom gives a 1 GiB guest. \`+=\` is different: it appends to a list or string, and is not reported.`,
    bad: [{ kind: 'domain', file: 'db.cfg', text: 'name = "db"\nmemory = 4096\nvcpus = 4\nmemory = 1024\n' }],
    good: [{ kind: 'domain', file: 'db.cfg', text: 'name = "db"\nmemory = 4096\ndisk = [ "/dev/vg/db,raw,xvda,rw" ]\ndisk += [ "/dev/vg/db-data,raw,xvdb,rw" ]\n' }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      if (!d.xl?.parse.ok) continue;
      const lastSet = new Map<string, DomainAssignment>();
      // walk backwards: each `=` before a later `=` of the same key is dead
      for (let i = d.assignments.length - 1; i >= 0; i--) {
        const a = d.assignments[i]!;
        if (a.xl?.op !== '=') continue;
        const later = lastSet.get(a.name);
        if (later) {
          ctx.report(a.span, `\`${a.name}\` is set again at line ${later.nameSpan.start.line}: xl keeps only the last value, so this line has no effect`, [{ span: later.span, message: 'the value xl uses' }]);
        }
        lastSet.set(a.name, a);
      }
    }
  },
});
