// Lints one documented rule example in-process, the way the CLI would lint it on a host.
import { readFileSync } from 'node:fs';
import { compileSysconfig } from '../../dist/src/model/sysconfig-compile.js';
import { lintModels } from '../../dist/src/lint/engine.js';
import { rules } from '../../dist/rules/index.js';
import { SAMPLE_SYSCONFIG } from '../helpers.mjs';

const sample = readFileSync(SAMPLE_SYSCONFIG, 'utf8');

export async function domainCompiler() {
  try {
    return (await import('../../dist/src/model/domain-compile.js')).compileDomainConfig;
  } catch {
    return undefined;
  }
}
const compileDomain = await domainCompiler();

export function lintExample(example) {
  const sysconfig = compileSysconfig(example.kind === 'sysconfig' ? example.text : sample, 'etc/sysconfig/xendomains');
  const domains = [];
  if (example.kind === 'domain') {
    const entries = [{ file: example.file ?? 'example.cfg', text: example.text }, ...(example.others ?? [])];
    for (const e of entries) domains.push(compileDomain(e.text, `etc/xen/auto/${e.file}`));
  }
  return lintModels({ sysconfig, domains }, { rules });
}
