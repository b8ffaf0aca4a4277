// XD4004: entries in XENDOMAINS_AUTO that are not domain configs —
// directories, editor and package-manager leftovers, broken links — which
// the reference still tries to `xm create` at every boot.

import type { AutoEntry } from '../src/model/auto.js';
import type { DomainFacts } from '../src/model/domain-facts.js';
import { fileSpan } from '../src/model/span.js';
import { autoConfigs, entryFacts, isLeftover } from '../src/lint/cross-file.js';
import { defineRule } from '../src/lint/rule.js';


export default defineRule({
  code: 'XD4004',
  name: 'auto-entry-not-config',
  severity: 'warning',
  docs: {
    summary: 'An entry in XENDOMAINS_AUTO that is not a domain config: a directory, an editor backup (`*~`), a package-manager copy (`.rpmnew`, `.dpkg-old`, …), a broken symlink or an unreadable file.',
    rationale: `The reference starts every non-hidden entry of the directory, with no filter on names. A backup such as
\`web.cfg~\` or \`web.cfg.rpmsave\` holds the same \`name\` as the real config, so its create fails at boot with "already
exists" — or, if it sorts first, the old copy wins and the current config is the one that fails. Directories and
broken symlinks fail with an error every boot. Move such files out of the directory (or hide them with a leading dot).`,
    bad: [{ kind: 'domain', file: 'web.cfg~', text: "name = 'web'\nmemory = 256\n", others: [{ file: 'web.cfg', text: "name = 'web'\nmemory = 512\n" }] }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\n" }],
  },
  check(ctx) {
    const autoValue = ctx.settings.XENDOMAINS_AUTO.assignment?.valueSpan;
    for (const entry of ctx.auto ?? []) {
      const span = entry.kind === 'config' ? fileSpan(entry.file) : (autoValue ?? fileSpan(entry.file));
      const start = 'the reference would run `xm create` on it at every boot';
      if (entry.kind === 'directory') ctx.report(span, `${entry.file} is a directory: ${start} and fail ("Is a directory")`);
      else if (entry.kind === 'broken-symlink') ctx.report(span, `${entry.file} is a broken symlink: ${start} and fail ("Unable to open config file")`);
      else if (entry.kind === 'unreadable') ctx.report(span, `${entry.file} cannot be read (${entry.reason ?? 'unreadable'}): ${start} and fail`);
      else if (entry.kind === 'other') ctx.report(span, `${entry.file} is not a regular file: ${start} and fail`);
      else if (isLeftover(entry)) ctx.report(span, `${entry.basename} looks like a backup or package-manager leftover: ${start}${twinOf(entry, autoConfigs(ctx))}`);
    }
  },
});

/** What the leftover collides with: the real config that starts the same domain, if any. */
function twinOf(entry: AutoEntry, configs: readonly DomainFacts[]): string {
  const name = entryFacts(entry)?.name?.value;
  const twin = name === undefined ? undefined : configs.find((c) => c.name?.value === name);
  if (!twin) return ', next to the real config';
  return `; it starts domain "${name}", as ${twin.file} does, so one of the two creates fails ("already exists") — and if the copy sorts first, the old settings win`;
}
