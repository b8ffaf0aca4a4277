// XD5010: xm → xl migration (to-xl-kernel-args), run by `lint --target xl`: `ip`, `gateway`, `netmask`, `hostname`, `interface`, `dhcp`, `nfs_server`, `nfs_root` (and `root=` in `root`).
// The analysis is src/convert/xm-to-xl.ts, shared with `xendomains convert`.

import { defineRule } from '../src/lint/rule.js';
import { MIGRATION, migrationOf } from '../src/convert/xm-to-xl.js';

export default defineRule({
  code: 'XD5010',
  name: 'to-xl-kernel-args',
  severity: 'error',
  scope: 'file',
  dialect: 'xm',
  target: 'xl',
  docs: {
    summary: "`ip`, `gateway`, `netmask`, `hostname`, `interface`, `dhcp`, `nfs_server`, `nfs_root` (and `root=` in `root`): xm built kernel arguments from them, xl ignores them.",
    rationale: `xm turned these variables into \`ip=…\` and \`nfsroot=…\` on the guest's kernel command line; xl ignores them silently, so a guest
that configured its network or NFS root from the command line boots without it. The finding gives the \`extra\` to write.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\nkernel = '/boot/vmlinuz-xen'\ndhcp = 'dhcp'\nextra = '4'\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\nkernel = '/boot/vmlinuz-xen'\nextra = 'ip=:127.0.255.255::::eth0:dhcp 4'\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const issue of migrationOf(d).issues) if (issue.code === MIGRATION.kernelArgs) ctx.report(issue.span, issue.message);
    }
  },
});
