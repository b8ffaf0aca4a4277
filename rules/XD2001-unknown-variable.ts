// XD2001: assignments the reference script never reads — usually a typo of a
// XENDOMAINS_* name, so the intended setting silently keeps its default.

import { ALL_VARIABLES } from '../src/model/settings.js';
import { defineRule } from '../src/lint/rule.js';
import { didYouMean } from '../src/lint/suggest.js';

export default defineRule({
  code: 'XD2001',
  name: 'unknown-variable',
  severity: 'warning',
  docs: {
    summary: 'A variable that xendomains does not read (with a did-you-mean for typos such as `XENDOMAINS_SAVEDIR` or `XENDMAINS_SHUTDOWN`).',
    rationale: `The reference script reads eleven fixed variable names and sets no defaults. A misspelt name is simply another
shell variable: the setting you meant stays empty, which for \`XENDOMAINS_SAVE\` means guests are shut down instead of
saved, and for \`XENDOMAINS_STOP_MAXWAIT\` means no watchdog. Helper variables that a later value expands (\`$BASE\`) are
fine and not reported.`,
    bad: [
      { kind: 'sysconfig', text: 'XENDOMAINS_SAVEDIR=/var/lib/xen/save\n' },
      { kind: 'sysconfig', text: 'XENDMAINS_SHUTDOWN="--halt --wait"\n' },
    ],
    good: [{ kind: 'sysconfig', text: 'BASE=/var/lib/xen\nXENDOMAINS_SAVE=$BASE/save\nXENDOMAINS_SHUTDOWN="--halt --wait"\n' }],
  },
  check(ctx) {
    const model = ctx.sysconfig;
    if (!model) return;
    const expanded = new Set(model.assignments.flatMap((a) => a.expansions.map((e) => e.name)));
    for (const a of model.assignments) {
      if ((ALL_VARIABLES as readonly string[]).includes(a.name) || expanded.has(a.name)) continue;
      const suggestion = didYouMean(a.name, ALL_VARIABLES);
      const hint = suggestion ? `; did you mean ${suggestion}?` : a.name.startsWith('XENDOMAINS_') ? '' : ' (and no later value uses it)';
      ctx.report(a.nameSpan, `${a.name} is not a xendomains variable${hint}`);
    }
  },
});
