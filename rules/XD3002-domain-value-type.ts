// XD3002: values of the wrong type or out of range for xm's variables
// (schema/domain.schema.json): memory as a string, vcpus < 1, a bad on_crash…

import { validateDomainVars } from '../src/model/domain-schema.js';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD3002',
  name: 'domain-value-type',
  severity: 'error',
  dialect: 'xm',
  scope: 'file',
  docs: {
    summary: "A domain-config value of the wrong type or outside the range xm and xend accept (checked against `schema/domain.schema.json`).",
    rationale: `xm copies only str, int, float and list values from the config; a \`True\`, a tuple or a \`u''\` string is silently
dropped and the default used. Other values reach xend unchecked and fail there at create time: \`on_crash = 'reboot'\`
("Invalid event handling mode"), \`vcpus = 0\`, \`memory = '2G'\`. Either way the guest does not start as configured.`,
    bad: [
      { kind: 'domain', file: 'web.cfg', text: "name = 'web'\non_crash = 'reboot'\n" },
      { kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = '2G'\n" },
      { kind: 'domain', file: 'web.cfg', text: "name = 'web'\nacpi = True\n" },
    ],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\non_crash = 'restart'\nmemory = 2048\nacpi = 1\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) for (const f of validateDomainVars(d)) ctx.report(f.span, f.message);
  },
});
