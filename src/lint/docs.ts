// Rule documentation: the URL every diagnostic links to and the markdown page
// `explain` prints and docs/rules/ holds, both rendered from the rule module.

import type { Rule, RuleExample } from './rule.js';

export const DOCS_BASE = 'https://github.com/xendomains/xendomains/blob/main/docs/rules';

export function ruleUrl(rule: Pick<Rule, 'code' | 'name'>): string {
  return `${DOCS_BASE}/${rule.code}-${rule.name}.md`;
}

function example(ex: RuleExample): string {
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
  const others = (ex.others ?? []).map((o) => `\n\`/etc/xen/auto/${o.file}\`:\n\n\`\`\`python\n${o.text.trimEnd()}\n\`\`\`\n`).join('');
  return `\`${label}\`:\n\n\`\`\`${ex.kind === 'sysconfig' ? 'sh' : 'python'}\n${(ex.display ?? ex.text).trimEnd()}\n\`\`\`\n${others}`;
}

export function ruleMarkdown(rule: Rule): string {
  const where = rule.docs.bad.some((e) => e.kind === 'domain') ? 'the assignment in the domain config' : 'the assignment';
  return [
    `# ${rule.code} ${rule.name}`,
    '',
    `Default severity: **${rule.severity}**`,
    '',
    rule.docs.summary,
    '',
    '## Why',
    '',
    rule.docs.rationale.trim(),
    '',
    '## Bad',
    '',
    ...rule.docs.bad.map(example),
    '## Good',
    '',
    ...rule.docs.good.map(example),
    '## Suppress',
    '',
    `On the line before ${where}: \`# xendomains disable=${rule.code} -- reason\`.`,
    `For the whole file, put that comment above the first assignment, separated from it by a blank line.`,
    `For a project: \`{"rules": {"${rule.code}": "off"}}\` in \`.xendomainsrc.json\`, or \`--disable ${rule.code}\`.`,
    '',
  ].join('\n');
}
