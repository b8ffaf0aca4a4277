// XD4006: names the reference's fuzzy matching confuses: a config file name
// that `grep -w` finds inside another domain's save-image name (`web` in
// `web-1`, `a.cfg` in `abcfg`), and domain names that differ only by case.

import { autoConfigs, entryFacts, where } from '../src/lint/cross-file.js';
import { grepWordMatches } from '../src/lint/grep-word.js';
import type { Span } from '../src/model/span.js';
import { defineRule } from '../src/lint/rule.js';

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
    bad: [
      { kind: 'domain', file: 'web', text: "name = 'web'\nmemory = 512\n", others: [{ file: 'web-1', text: "name = 'web-1'\nmemory = 512\n" }] },
      { kind: 'domain', file: 'web', text: "name = 'web'\nmemory = 512\n", saveDir: [{ name: 'web-1', content: 'LinuxGuestRecord' }] },
    ],
    good: [{ kind: 'domain', file: 'web-a', text: "name = 'web-a'\nmemory = 512\n", others: [{ file: 'web-b', text: "name = 'web-b'\nmemory = 512\n" }] }],
  },
  check(ctx) {
    const configs = autoConfigs(ctx);
    const restoring = ctx.settings.XENDOMAINS_RESTORE.value === 'true' && Boolean(ctx.settings.XENDOMAINS_SAVE.value);
    if (restoring && ctx.auto) {
      const byName = new Map(configs.flatMap((d) => (d.name ? [[d.name.value, d.name] as const] : [])));
      // What the reference greps: the SAVE listing as it is now (every entry, images or not), and the
      // images the AUTO domains will leave there at the next shutdown.
      const saved = new Set((ctx.saveDir ?? []).map((e) => e.name));
      const matches = grepWordMatches(ctx.auto.map((e) => e.basename), [...new Set([...byName.keys(), ...saved])]);
      for (const entry of ctx.auto) {
        const own = entryFacts(entry)?.name;
        if (!own) continue;
        for (const name of matches.get(entry.basename) ?? []) {
          if (name === own.value) continue;
          const config = byName.get(name);
          if (saved.has(name)) {
            ctx.report(own.span, `the reference skips starting ${entry.basename} at the next boot: grep -w finds "${entry.basename}" in "${name}", which is in the save directory now (Q6)`);
          } else if (config) {
            ctx.report(own.span, `the reference skips starting ${entry.basename} at boot whenever domain "${name}" (${where(config.span)}) has a save image: grep -w finds "${entry.basename}" in "${name}" (Q6)`);
          }
        }
      }
    }
    const seen = new Map<string, { value: string; span: Span }>();
    for (const d of configs) {
      if (!d.name) continue;
      const key = d.name.value.toLowerCase();
      const first = seen.get(key);
      if (first && first.value !== d.name.value) ctx.report(d.name.span, `domain name "${d.name.value}" differs from "${first.value}" (${where(first.span)}) only in case`);
      else if (!first) seen.set(key, d.name);
    }
  },
});
