// `xendomains show` and `rules` / `explain`: print the compiled configuration
// and the rule catalogue. What the values mean is src/model's; this only lays them out.

import { rules } from '../../rules/index.js';
import { loadHost } from '../host/load.js';
import { ruleMarkdown, ruleUrl } from '../lint/docs.js';
import { EXTENSION_VARIABLES, REFERENCE_VARIABLES, effectiveSettings, type VariableName } from '../model/settings.js';
import { VARIABLE_DOCS } from '../model/sysconfig-schema.js';
import { pyToJson } from '../model/domain-json.js';
import { choice, CliError, EXIT, oneRoot, type GlobalOptions } from './common.js';
import { hostToolstack } from './toolstack.js';

export interface ShowOptions extends GlobalOptions {
  format?: string;
}

export function runShow(all: ShowOptions): number {
  const options = oneRoot(all);
  const formatName = choice('format', options.format, ['text', 'json'] as const) ?? 'text';
  const toolstack = hostToolstack(options, options.root);
  const host = loadHost({ root: options.root, config: options.config, dialect: toolstack.name });
  if (host.unreadable.length) {
    for (const u of host.unreadable) process.stderr.write(`xendomains: cannot read ${u.path}: ${u.reason}\n`);
    return EXIT.unreadable;
  }
  const settings = effectiveSettings(host.sysconfig);
  const values = (names: readonly VariableName[]) => Object.fromEntries(names.map((n) => [n, settings[n].value]));
  // Every AUTO entry, configs or not (the reference would try to create each), then extra files.
  const autoModels = new Set(host.auto?.map((e) => e.model));
  const entries = [
    ...(host.auto ?? []).map((e) => ({ file: e.file, kind: e.kind, model: e.model })),
    ...host.domains.filter((d) => !autoModels.has(d)).map((d) => ({ file: d.file, kind: 'config' as const, model: d })),
  ];
  const domains = entries.map(({ file, kind, model }) => ({
    file,
    kind,
    dialect: model?.dialect ?? toolstack.name,
    name: model?.name?.value ?? null,
    nameSource: model?.name?.source ?? null,
    vars: model ? Object.fromEntries([...model.vars].map(([k, a]) => [k, pyToJson(a.value)])) : {},
  }));
  if (formatName === 'json') {
    process.stdout.write(`${JSON.stringify({ version: 1, toolstack, sysconfig: values(REFERENCE_VARIABLES), extensions: values(EXTENSION_VARIABLES), domains }, null, 2)}\n`);
  } else {
    const lines = [`# toolstack: ${toolstack.name} (${toolstack.reason})`, `# ${host.sysconfig?.file ?? host.sysconfigPath}`];
    for (const name of [...REFERENCE_VARIABLES, ...EXTENSION_VARIABLES]) {
      const s = settings[name];
      const where = s.assignment ? `  (line ${s.assignment.span.start.line})` : `  (unset; the sample ships ${JSON.stringify(VARIABLE_DOCS[name].default)})`;
      lines.push(`${name.padEnd(26)} ${s.value === null ? '(unset)' : JSON.stringify(s.value)}${where}`);
    }
    for (const d of domains) {
      if (d.kind !== 'config') {
        lines.push('', `# ${d.file}: not a domain config (${d.kind}); the reference would still try to create it`);
        continue;
      }
      const origin = d.name === null
        ? d.dialect === 'xl' ? 'not set: xl refuses to create it' : 'unknown: it depends on code xendomains does not evaluate'
        : `from ${d.nameSource === 'name' ? 'the name variable' : 'the file name'}`;
      lines.push('', `# ${d.file}: domain ${d.name === null ? '?' : JSON.stringify(d.name)} (name ${origin})`);
      for (const [k, v] of Object.entries(d.vars)) lines.push(`${k.padEnd(26)} ${JSON.stringify(v)}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  const uncompilable = [host.sysconfig, ...host.domains].some((m) => m?.problems.some((p) => p.kind === 'syntax' || p.kind === 'xl-syntax'));
  return uncompilable ? 1 : 0;
}

export function runRules(): number {
  const width = Math.max(...rules.map((r) => r.name.length));
  for (const r of rules) process.stdout.write(`${r.code}  ${r.severity.padEnd(7)}  ${r.name.padEnd(width)}  ${r.docs.summary}\n`);
  return 0;
}

export function runExplain(code: string): number {
  const rule = rules.find((r) => r.code === code.toUpperCase() || r.name === code);
  if (!rule) throw new CliError(`unknown rule "${code}" (see \`xendomains rules\`)`, EXIT.usage);
  process.stdout.write(`${ruleMarkdown(rule)}\n${ruleUrl(rule)}\n`);
  return 0;
}
