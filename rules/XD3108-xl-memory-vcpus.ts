// XD3108: memory and vCPU counts xl refuses or that cannot work:
// vcpus above maxvcpus (xl exits), maxmem below memory, zero memory or vCPUs.

import { defineRule } from '../src/lint/rule.js';
import { xlKey } from '../src/lint/xl-settings.js';

export default defineRule({
  code: 'XD3108',
  name: 'xl-memory-vcpus',
  severity: 'error',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'vCPU and memory settings xl refuses or that cannot work: `vcpus` above `maxvcpus`, `maxmem` below `memory`, zero memory or vCPUs.',
    rationale: `xl stops with \`xl: maxvcpus < vcpus\` when more vCPUs are online than the maximum. \`maxmem\` below \`memory\` is not
checked by xl but cannot work (the balloon target is above the maximum), and a guest with 0 MiB or 0 vCPUs does not boot.`,
    bad: [
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nkernel = "/boot/vmlinuz"\nvcpus = 4\nmaxvcpus = 2\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nkernel = "/boot/vmlinuz"\nmemory = 2048\nmaxmem = 1024\n' },
    ],
    good: [{ kind: 'domain', file: 'web.cfg', text: 'name = "web"\nkernel = "/boot/vmlinuz"\nvcpus = 2\nmaxvcpus = 4\nmemory = 1024\nmaxmem = 2048\n' }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      const num = (key: string) => {
        const k = xlKey(d, key);
        const a = k?.assignment;
        // the assignment, not its span: a span is located only when reported (most configs have nothing to report)
        return a && typeof a.value === 'number' ? { value: a.value, assignment: a } : undefined;
      };
      const memory = num('memory');
      const maxmem = num('maxmem');
      const vcpus = num('vcpus');
      const maxvcpus = num('maxvcpus');
      if (vcpus && maxvcpus && maxvcpus.value < vcpus.value) ctx.report(maxvcpus.assignment.valueSpan, `maxvcpus = ${maxvcpus.value} is below vcpus = ${vcpus.value}: xl refuses to create the domain ("xl: maxvcpus < vcpus")`);
      if (memory && maxmem && maxmem.value < memory.value) ctx.report(maxmem.assignment.valueSpan, `maxmem = ${maxmem.value} is below memory = ${memory.value} MiB: the guest cannot balloon to its initial memory; xl does not check this`);
      if (memory && memory.value <= 0) ctx.report(memory.assignment.valueSpan, `memory = ${memory.value}: a guest needs memory above 0 MiB`);
      if (vcpus && vcpus.value <= 0) ctx.report(vcpus.assignment.valueSpan, `vcpus = ${vcpus.value}: a guest needs at least one vCPU`);
    }
  },
});
