// XD3121: an xl domain name with a blank. xl accepts it, but the xl-era xendomains
// script uses the name unquoted (X17). What xendomains itself does instead is in the plan.

import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD3121',
  name: 'xl-name-blank',
  severity: 'warning',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'An xl domain name with a blank (space, tab, newline): xl creates the domain, but the xl-era xendomains script splits the name (X17).',
    rationale: `xl, unlike xend, accepts any name, so \`name = "web 01"\` boots. The xl-era xendomains script then uses the
name unquoted: \`xl save <domid> /var/lib/xen/save/web 01\` passes two words, xl takes the second as a config override file and
the save fails, so the guest is shut down unsaved at every dom0 shutdown; \`echo\` collapses runs of blanks in what it prints;
and an AUTO config whose name has a blank puts the blank into the script's name filter, which then no longer parses, so
XENDOMAINS_AUTO_ONLY stops filtering and every domain is stopped. xendomains passes the name as one word and notes the
difference (\`[X17]\` in plans), but a host that may still run the distribution's script should use names without blanks.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: 'name = "web 01"\nmemory = 512\nkernel = "/boot/vmlinuz"\n' }],
    good: [{ kind: 'domain', file: 'web.cfg', text: 'name = "web-01"\nmemory = 512\nkernel = "/boot/vmlinuz"\n' }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      if (!d.name || d.name.source !== 'name' || !/\s/.test(d.name.value)) continue;
      ctx.report(d.name.span, `domain name ${JSON.stringify(d.name.value)} has a blank: the xl-era xendomains script splits it (X17) — its \`xl save … SAVE/<name>\` fails and the guest is shut down unsaved, and as an AUTO config it stops XENDOMAINS_AUTO_ONLY from filtering; use ${JSON.stringify(d.name.value.trim().replace(/\s+/g, '-'))}`);
    }
  },
});
