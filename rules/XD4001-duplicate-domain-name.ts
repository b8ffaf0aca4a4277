// XD4001: two AUTO configs that yield the same domain name: at boot the
// second `xm create` fails because the name is taken.

import { autoConfigs, duplicates, where } from '../src/lint/cross-file.js';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD4001',
  name: 'duplicate-domain-name',
  severity: 'error',
  docs: {
    summary: 'Two configs in XENDOMAINS_AUTO that give their domains the same name.',
    rationale: `xend refuses a second domain with a name already in use ("VM name 'web' already exists"), so at boot only the
first config in glob order starts; the other fails every time. This usually comes from copying a config and forgetting
to change \`name\`, or from a backup copy left in the directory.`,
    bad: [{ kind: 'domain', file: 'web1.cfg', text: "name = 'web'\nmemory = 512\n", others: [{ file: 'web2.cfg', text: "name = 'web'\nmemory = 512\n" }] }],
    good: [{ kind: 'domain', file: 'web1.cfg', text: "name = 'web1'\nmemory = 512\n", others: [{ file: 'web2.cfg', text: "name = 'web2'\nmemory = 512\n" }] }],
  },
  check(ctx) {
    const named = autoConfigs(ctx).flatMap((d) => (d.name ? [{ key: d.name.value, item: d.name }] : []));
    for (const group of duplicates(named)) {
      for (const later of group.slice(1)) {
        ctx.report(later.span, `domain name "${later.value}" is also used by ${where(group[0]!.span)}: at boot the second \`xm create\` fails because the name is taken`, [{ span: group[0]!.span, message: `domain name "${later.value}" first used here` }]);
      }
    }
  },
});
