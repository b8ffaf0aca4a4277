// XD5012: xm → xl migration (to-xl-cpu-keys), run by `lint --target xl`: `cpu`, `vcpu_avail` and a number for `cpus`.
// The analysis is src/convert/xm-to-xl.ts, shared with `xendomains convert`.

import { defineRule } from '../src/lint/rule.js';
import { MIGRATION, migrationOf } from '../src/convert/xm-to-xl.js';

export default defineRule({
  code: 'XD5012',
  name: 'to-xl-cpu-keys',
  severity: 'error',
  scope: 'file',
  dialect: 'xm',
  target: 'xl',
  docs: {
    summary: "`cpu`, `vcpu_avail` and a number for `cpus`: xl ignores the first two and reads `cpus` as a CPU list.",
    rationale: `xl ignores \`cpu\` (vCPU 0's pCPU) and \`vcpu_avail\` (the bitmask of online vCPUs) silently: write \`cpus\` and \`vcpus\`/\`maxvcpus\`.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\nvcpus = 4\nvcpu_avail = 3\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\nmaxvcpus = 4\nvcpus = 2\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const issue of migrationOf(d).issues) if (issue.code === MIGRATION.cpus) ctx.report(issue.span, issue.message);
    }
  },
});
