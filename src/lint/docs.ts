// Rule documentation: the URL every diagnostic links to and the markdown page
// `explain` prints and docs/rules/ holds, both rendered from the rule module.

import type { Rule, RuleExample } from './rule.js';

/** The rule pages in the repository package.json names (a test holds the two together). */
export const DOCS_BASE = 'https://github.com/xendomains/xendomains/blob/main/docs/rules';

export function ruleUrl(rule: Pick<Rule, 'code' | 'name'>, base = DOCS_BASE): string {
  return `${base.replace(/\/+$/, '')}/${rule.code}-${rule.name}.md`;
}

function example(ex: RuleExample, dialect: Rule['dialect']): string {
  const lang = (ex.dialect ?? dialect) === 'xl' ? 'ini' : 'python';
  if (ex.kind === 'fleet') {
    return (ex.hosts ?? [])
      .map((h) => {
        const extra = [h.capacityMiB !== undefined ? `capacityMiB ${h.capacityMiB}` : '', h.aliases?.length ? `aliases ${h.aliases.join(', ')}` : ''].filter(Boolean).join('; ');
        const auto = (h.auto ?? []).map((a) => `\n\`${h.name}: /etc/xen/auto/${a.file}\`:\n\n\`\`\`python\n${a.text.trimEnd()}\n\`\`\`\n`).join('');
        return `Host \`${h.name}\`${extra ? ` (${extra})` : ''}, \`/etc/sysconfig/xendomains\`:\n\n\`\`\`sh\n${h.sysconfig.trimEnd()}\n\`\`\`\n${auto}`;
      })
      .join('\n');
  }
  const label = ex.kind === 'sysconfig' ? '/etc/sysconfig/xendomains' : `/etc/xen/auto/${ex.file ?? 'example.cfg'}`;
  if (ex.unreadable !== undefined) return `\`${label}\` exists but cannot be read (${ex.unreadable}).\n`;
  const others = (ex.others ?? []).map((o) => `\n\`/etc/xen/auto/${o.file}\`:\n\n\`\`\`${lang}\n${o.text.trimEnd()}\n\`\`\`\n`).join('');
  return `\`${label}\`:\n\n\`\`\`${ex.kind === 'sysconfig' ? 'sh' : lang}\n${(ex.display ?? ex.text).trimEnd()}\n\`\`\`\n${others}`;
}

export function ruleMarkdown(rule: Rule): string {
  const where = rule.docs.bad.some((e) => e.kind === 'domain') ? 'the assignment in the domain config' : 'the assignment';
  return [
    `# ${rule.code} ${rule.name}`,
    '',
    `Default severity: **${rule.severity}**${rule.target === 'xl' ? ' · runs only with `lint --target xl` (xm → xl migration; `xendomains convert` fixes what it can)' : ''}`,
    '',
    ...(rule.dialect ? [`Applies to: domain configs of ${rule.dialect === 'xl' ? 'xl hosts (xl.cfg files)' : 'xm hosts (Python configs)'}; see \`--toolstack\`.`, ''] : []),
    rule.docs.summary,
    '',
    '## Why',
    '',
    rule.docs.rationale.trim(),
    '',
    '## Bad',
    '',
    ...rule.docs.bad.map((e) => example(e, rule.dialect)),
    '## Good',
    '',
    ...rule.docs.good.map((e) => example(e, rule.dialect)),
    '## Suppress',
    '',
    `On the line before ${where}: \`# xendomains disable=${rule.code} -- reason\`.`,
    `For the whole file, put that comment above the first assignment, separated from it by a blank line.`,
    `For a project: \`{"rules": {"${rule.code}": "off"}}\` in \`.xendomainsrc.json\`, or \`--disable ${rule.code}\`.`,
    '',
  ].join('\n');
}
