// XD3003: a domain config without `name`: xm names the domain after the file,
// extension included, which is rarely what the admin expects.

import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD3003',
  name: 'missing-name',
  severity: 'warning',
  dialect: 'xm',
  scope: 'file',
  docs: {
    summary: 'A domain config that does not set `name`, so xm names the domain after the config file (with its extension).',
    rationale: `Without \`name\`, \`xm create\` uses the basename of the path it was given: \`/etc/xen/auto/web.cfg\` starts a
domain called \`web.cfg\`. That name then appears in \`xm list\`, in save-image file names and in AUTO_ONLY matching, and
renaming the file (or linking it under another name) silently renames the domain. Set \`name\` explicitly.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "memory = 512\nkernel = '/boot/vmlinuz-xen'\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\nkernel = '/boot/vmlinuz-xen'\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      if (d.name?.source !== 'filename' || d.binary) continue; // a binary file is XD1101's one finding
      ctx.report(d.name.span, `no \`name\` is set: xm names the domain after the file, "${d.name.value}"${/\.[A-Za-z0-9]+$/.test(d.name.value) ? ' (extension included)' : ''}; set name = '${d.name.value.replace(/\.[A-Za-z0-9]+$/, '')}'`);
    }
  },
});
