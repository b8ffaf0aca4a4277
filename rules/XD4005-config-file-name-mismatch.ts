// XD4005: a config whose file name (without extension) differs from its
// domain name: the reference's "already restored" test compares file names,
// and admins looking for a domain's config look for its name.

import { entryFacts, isLeftover } from '../src/lint/cross-file.js';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD4005',
  name: 'config-file-name-mismatch',
  severity: 'info',
  docs: {
    summary: 'An AUTO config whose file name (without extension) differs from the name of the domain it starts.',
    rationale: `At boot the reference decides whether a config's domain was just restored by looking for the config's *file
name* among the save images, which are named after the *domain*. When the two differ, a domain whose restore failed
(image kept) is created fresh from its config while its saved state still waits in the save directory (Q6). xendomains
matches by domain name instead, but keeping file and domain names aligned avoids the trap on hosts still running the
original script, and helps whoever looks for the config of domain "web" at 3 a.m.`,
    bad: [{ kind: 'domain', file: 'frontend.cfg', text: "name = 'web'\nmemory = 512\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\n" }],
  },
  check(ctx) {
    for (const entry of ctx.auto ?? []) {
      if (isLeftover(entry)) continue; // XD4004's finding; renaming a backup is not the fix
      const name = entryFacts(entry)?.name;
      if (!name || name.source !== 'name') continue;
      const stem = entry.basename.replace(/\.(cfg|conf|xm|xl|hvm|pv)$/, '');
      if (stem !== name.value && entry.basename !== name.value) {
        ctx.report(name.span, `${entry.basename} starts domain "${name.value}": the reference's restore check looks for "${entry.basename}" among save images named after domains (Q6); consider naming the file ${name.value}.cfg`);
      }
    }
  },
});
