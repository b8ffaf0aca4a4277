// XD3007: config variables that collide with `xm create` options and so
// change how the boot-time create behaves (Q26): paused, dryrun, console_autoconnect…

import { defineRule } from '../src/lint/rule.js';

const EFFECTS: Record<string, string> = {
  paused: 'leaves the domain paused after boot',
  dryrun: 'turns the boot-time create into a dry run: the domain is never started',
  xmldryrun: 'turns the boot-time create into an XML dry run: the domain is never started',
  console_autoconnect: "attaches xm to the domain's console, which blocks the boot until someone detaches",
  vncviewer: 'starts a VNC viewer from the boot script',
  vncviewer_autopass: 'starts a VNC viewer from the boot script',
  config: 'makes xm read an SXP config instead of this file',
  path: "changes xm's config search path",
  skipdtd: 'skips XML DTD checks',
  help: 'makes xm print help instead of creating the domain',
  help_config: 'makes xm print the variable help instead of creating the domain',
};
/** xendomains passes these on the command line, which wins over the file (no effect at boot). */
const OVERRIDDEN = new Set(['quiet', 'defconfig']);

export default defineRule({
  code: 'XD3007',
  name: 'create-option-collision',
  severity: 'warning',
  dialect: 'xm',
  scope: 'file',
  docs: {
    summary: 'A variable named like an `xm create` option (`paused`, `dryrun`, `console_autoconnect`, …), which changes how the boot-time create behaves.',
    rationale: `After running the config, xm copies every top-level str/int/float/list variable onto its own option values unless
the option was given on the command line. The boot script passes only \`--quiet --defconfig\`, so \`paused = 1\` leaves the
guest paused, \`dryrun = 1\` never starts it, and \`console_autoconnect = 1\` attaches a console and hangs the boot. Such
names are sometimes meant as helper variables; rename them.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\npaused = 1\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\nstart_paused = 1\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const [name, a] of d.vars) {
        const effect = EFFECTS[name];
        const copied = typeof a.value === 'string' || typeof a.value === 'number' || Array.isArray(a.value);
        if (!effect || OVERRIDDEN.has(name) || !copied) continue;
        const falsy = a.value === 0 || a.value === '' || (Array.isArray(a.value) && a.value.length === 0);
        if (falsy && name !== 'config' && name !== 'path') continue;
        ctx.report(a.nameSpan, `\`${name}\` is also an xm create option: set in the config it ${effect} (Q26)`);
      }
    }
  },
});
