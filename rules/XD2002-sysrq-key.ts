// XD2002: XENDOMAINS_SYSRQ words that xend or the shell cannot deliver as one
// magic SysRq key: multi-character words, punctuation, glob characters.

import { valueWords } from '../src/lint/value-words.js';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD2002',
  name: 'sysrq-key',
  severity: 'error',
  docs: {
    summary: 'Each word of `XENDOMAINS_SYSRQ` must be exactly one SysRq key: a letter or a digit.',
    rationale: `On stop, the reference runs \`xm sysrq <domid> <word>\` once per whitespace-separated word. xend accepts exactly one
character and fails every longer word with "is not convertible to a character", so \`XENDOMAINS_SYSRQ="sync"\` never
syncs anything. The guest kernel's key table has only \`0-9\`, \`a-z\` and \`A-Z\`; the value is also expanded unquoted, so
\`*\` or \`?\` would be replaced by file names from the script's working directory.`,
    bad: [
      { kind: 'sysconfig', text: 'XENDOMAINS_SYSRQ="sync"\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_SYSRQ="s,u"\n' },
    ],
    good: [{ kind: 'sysconfig', text: 'XENDOMAINS_SYSRQ="s"\n' }],
  },
  check(ctx) {
    const setting = ctx.settings.XENDOMAINS_SYSRQ;
    if (!setting.assignment || !ctx.sysconfig) return;
    for (const { word, span } of valueWords(ctx.sysconfig, setting.assignment)) {
      if ([...word].length > 1) {
        ctx.report(span, `SysRq word "${word}" has ${[...word].length} characters: xend accepts exactly one per request, so \`xm sysrq <id> ${word}\` always fails; write the keys as separate words ("${[...word].join(' ')}")`);
      } else if (!/^[0-9A-Za-z]$/.test(word)) {
        ctx.report(span, `"${word}" is not a SysRq key (only 0-9, a-z, A-Z exist)${/[*?[]/.test(word) ? ', and the unquoted expansion would glob it against file names' : ''}`);
      }
    }
  },
});
