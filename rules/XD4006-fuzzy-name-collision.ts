// XD4006: names the reference's fuzzy matching confuses: a config file name
// that `grep -w` finds inside another domain's save-image name (`web` in
// `web-1`, `a.cfg` in `abcfg`), and domain names that differ only by case.

import { autoConfigs, where } from '../src/lint/cross-file.js';
import { defineRule } from '../src/lint/rule.js';

/** What `grep -w PATTERN` does with a file name used as a basic regular expression. */
function grepWordMatches(pattern: string, line: string): boolean {
  let source = '';
  for (const c of pattern) source += c === '.' ? '.' : c === '*' ? '*' : /[\\^$[\]+?(){}|]/.test(c) ? `\\${c}` : c;
  try {
    return new RegExp(`(^|[^A-Za-z0-9_])(${source})(?=[^A-Za-z0-9_]|$)`).test(line);
  } catch {
    return false;
  }
}

export default defineRule({
  code: 'XD4006',
  name: 'fuzzy-name-collision',
  severity: 'warning',
  docs: {
    summary: "Names the reference's fuzzy matching confuses: a config file name found as a word inside another domain's name (`web` in `web-1`, `a.cfg` matching `abcfg`), or domain names that differ only in case.",
    rationale: `At boot the reference skips a config when its file name, used as a \`grep -w\` regular expression, matches the
listing of the save directory. \`-\` and \`.\` are word boundaries and \`.\` matches any character, so a config file \`web\`
is skipped whenever a domain \`web-1\` was saved at shutdown: \`web\` never starts (Q6). Names that differ only in case
(\`Web\`, \`web\`) are distinct to xend but easy to confuse in every tool and script around it.`,
    bad: [{ kind: 'domain', file: 'web', text: "name = 'web'\nmemory = 512\n", others: [{ file: 'web-1', text: "name = 'web-1'\nmemory = 512\n" }] }],
    good: [{ kind: 'domain', file: 'web-a', text: "name = 'web-a'\nmemory = 512\n", others: [{ file: 'web-b', text: "name = 'web-b'\nmemory = 512\n" }] }],
  },
  check(ctx) {
    const configs = autoConfigs(ctx);
    const restoring = ctx.settings.XENDOMAINS_RESTORE.value === 'true' && Boolean(ctx.settings.XENDOMAINS_SAVE.value);
    for (const entry of ctx.auto ?? []) {
      const own = entry.model?.name;
      if (!restoring || !own) continue;
      for (const other of configs) {
        const name = other.name?.value;
        if (!name || name === own.value || other === entry.model) continue;
        if (grepWordMatches(entry.basename, name)) {
          ctx.report(own.span, `the reference skips starting ${entry.basename} at boot whenever domain "${name}" (${where(other.name!.span)}) has a save image: grep -w finds "${entry.basename}" in "${name}" (Q6)`);
        }
      }
    }
    const seen = new Map<string, { value: string; span: import('../src/model/span.js').Span }>();
    for (const d of configs) {
      if (!d.name) continue;
      const key = d.name.value.toLowerCase();
      const first = seen.get(key);
      if (first && first.value !== d.name.value) ctx.report(d.name.span, `domain name "${d.name.value}" differs from "${first.value}" (${where(first.span)}) only in case`);
      else if (!first) seen.set(key, d.name);
    }
  },
});
