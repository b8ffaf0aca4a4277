// XD3001: variables xm create does not know — usually a misspelt option
// (`memmory`, `vpcus`) that silently leaves the real one at its default.

import schema from '../schema/domain.schema.json' with { type: 'json' };
import { defineRule } from '../src/lint/rule.js';
import { didYouMean } from '../src/lint/suggest.js';
import { XL_ONLY_KEYS } from '../src/model/dialect-guess.js';

const KNOWN = Object.keys(schema.properties);
const KNOWN_SET = new Set(KNOWN);

/** How often each bare identifier occurs in the text (attribute names after `.` excluded): one pass per file. */
function identifierCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/(?<![A-Za-z0-9_.])[A-Za-z_][A-Za-z0-9_]*/g)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  return counts;
}
/** How many times each name is assigned: one pass, so the check stays linear in the number of variables. */
function assignmentCounts(assignments: ReadonlyArray<{ name: string }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of assignments) counts.set(a.name, (counts.get(a.name) ?? 0) + 1);
  return counts;
}
/** Names xm itself puts in the namespace, and create options (XD3007 reports those). */
const PREDEFINED = new Set(['xm_file', 'xm_help', 'xm_vars', 'vmid', 'quiet', 'path', 'defconfig', 'config', 'dryrun', 'xmldryrun', 'skipdtd', 'paused', 'console_autoconnect', 'vncviewer', 'vncviewer_autopass', 'help', 'help_config']);

export default defineRule({
  code: 'XD3001',
  name: 'unknown-domain-variable',
  severity: 'warning',
  dialect: 'xm',
  scope: 'file',
  docs: {
    summary: 'A variable in a domain config that `xm create` does not use (with a did-you-mean for misspelt options).',
    rationale: `xm runs the config as Python and then picks the variables it knows; anything else is ignored without a word. So
\`memmory = 2048\` leaves the guest at the 128 MiB default, and \`on_crahs = 'restart'\` leaves a crashed guest down.
Variables that later values use (helpers such as \`base = '/srv/xen'\`) and Oracle VM's \`OVM_*\` keys are not reported.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemmory = 2048\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 2048\nbase = '/srv/xen/web'\ndisk = ['file:' + base + '.img,xvda,w']\nOVM_simple_name = 'web'\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      let uses: Map<string, number> | undefined;
      let assigned: Map<string, number> | undefined;
      for (const [name, a] of d.vars) {
        if (KNOWN_SET.has(name) || PREDEFINED.has(name) || name.startsWith('OVM_') || name.startsWith('_')) continue;
        uses ??= identifierCounts(d.text);
        assigned ??= assignmentCounts(d.assignments);
        const assignments = assigned.get(name) ?? 0;
        if ((uses.get(name) ?? 0) > assignments) continue; // a helper variable read by another expression
        if (XL_ONLY_KEYS.has(name)) {
          ctx.report(a.nameSpan, `\`${name}\` is an xl variable: xm ignores it`);
          continue;
        }
        const suggestion = didYouMean(name, KNOWN);
        ctx.report(a.nameSpan, `xm create does not know \`${name}\`, so it has no effect${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`);
      }
    }
  },
});
