// XD3101: an xl config without a usable `name`: xl has no default name (xm
// used the file name) and refuses to create the domain.

import { fileSpan } from '../src/model/span.js';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD3101',
  name: 'xl-missing-name',
  severity: 'error',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'An xl config with no `name`, or a `name` given as a list: `xl create` refuses it ("Domain name must be specified.").',
    rationale: `xm named a domain after its config file when \`name\` was missing; xl has no such default and stops with
\`Domain name must be specified.\`, so the guest never starts at boot. A list (\`name = ["web"]\`) is not a name either: xl warns
that the parameter is a list and then fails the same way. An empty name (\`name = ""\`) is accepted by xl but useless.`,
    bad: [
      { kind: 'domain', file: 'web.cfg', text: 'memory = 512\nkernel = "/boot/vmlinuz"\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = [ "web" ]\nkernel = "/boot/vmlinuz"\n' },
    ],
    good: [{ kind: 'domain', file: 'web.cfg', text: 'name = "web"\nmemory = 512\nkernel = "/boot/vmlinuz"\n' }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      if (!d.xl?.parse.ok) continue; // XD1201: nothing is read from a file xl cannot parse
      const name = d.vars.get('name');
      if (!name) {
        const stem = d.file.split('/').pop()!.replace(/\.[A-Za-z0-9]+$/, '');
        ctx.report(fileSpan(d.file), `no \`name\`: xl refuses to create the domain ("Domain name must be specified."); xm would have used the file name; add name = "${stem}"`);
      } else if (name.xl?.value.kind === 'list') ctx.report(name.valueSpan, '`name` is a list: xl warns "is a list but should be a single value", then refuses to create the domain ("Domain name must be specified.")');
      else if (name.value === '') ctx.report(name.valueSpan, '`name` is empty: xl accepts it, but the domain has no usable name');
    }
  },
});
