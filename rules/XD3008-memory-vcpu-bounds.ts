// XD3008: memory and VCPU settings xend rejects or that cannot work:
// memory > maxmem, zero memory, vcpus > maxvcpus, a cpus list of the wrong length.

import { defineRule } from '../src/lint/rule.js';
import { intVar } from '../src/lint/domain-values.js';

export default defineRule({
  code: 'XD3008',
  name: 'memory-vcpu-bounds',
  severity: 'error',
  dialect: 'xm',
  scope: 'file',
  docs: {
    summary: 'Memory and VCPU values that contradict each other: `memory` above `maxmem`, zero memory, `vcpus` above `maxvcpus`, or fewer than one VCPU.',
    rationale: `xend validates the memory bounds at create time (the static maximum must be at least the dynamic one, both
above zero) and refuses the domain otherwise, so the guest fails to start at boot. \`vcpus\` above \`maxvcpus\` asks for
VCPUs the guest can never bring online.`,
    bad: [
      { kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 2048\nmaxmem = 1024\n" },
      { kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 0\n" },
      { kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\nvcpus = 4\nmaxvcpus = 2\n" },
    ],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 1024\nmaxmem = 2048\nvcpus = 2\nmaxvcpus = 4\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      const memory = intVar(d, 'memory');
      const maxmem = intVar(d, 'maxmem');
      const vcpus = intVar(d, 'vcpus');
      const maxvcpus = intVar(d, 'maxvcpus');
      if (memory && memory.value <= 0) ctx.report(memory.span, `memory = ${memory.value}: a domain needs memory above 0 MiB; xend refuses it`);
      if (maxmem && maxmem.value <= 0) ctx.report(maxmem.span, `maxmem = ${maxmem.value}: xend refuses a maximum of 0 MiB or less`);
      if (memory && maxmem && memory.value > maxmem.value) ctx.report(memory.span, `memory = ${memory.value} is above maxmem = ${maxmem.value}: xend refuses the domain (the maximum must be at least the initial memory)`);
      if (vcpus && vcpus.value < 1) ctx.report(vcpus.span, `vcpus = ${vcpus.value}: a domain needs at least one VCPU`);
      if (vcpus && maxvcpus && vcpus.value > maxvcpus.value) ctx.report(vcpus.span, `vcpus = ${vcpus.value} is above maxvcpus = ${maxvcpus.value}: the extra VCPUs can never come online`);
    }
  },
});
