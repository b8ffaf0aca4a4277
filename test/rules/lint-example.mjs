// Lints one documented rule example in-process, the way the CLI would lint it on a host.
import { readFileSync } from 'node:fs';
import { compileSysconfig } from '../../dist/src/model/sysconfig-compile.js';
import { lintFleet, lintModels } from '../../dist/src/lint/engine.js';
import { rules } from '../../dist/rules/index.js';
import { scanSaveDir } from '../../dist/src/plan/state.js';
import { SAMPLE_SYSCONFIG } from '../helpers.mjs';

const sample = readFileSync(SAMPLE_SYSCONFIG, 'utf8');

export async function domainCompiler() {
  try {
    return (await import('../../dist/src/model/domain-compile.js')).compileDomainConfig;
  } catch {
    return undefined;
  }
}
const compileXm = await domainCompiler();
const { compileXlConfig } = await import('../../dist/src/model/xlcfg-compile.js');
/** Compiles an example config in its dialect (the example's, else the rule's, else xm). */
const compileIn = (dialect) => (text, file, options) => (dialect === 'xl' ? compileXlConfig(text, file) : compileXm(text, file, options));

const byteOrder = (a, b) => Buffer.compare(Buffer.from(a.basename), Buffer.from(b.basename));

function fleetExample(example, dialect) {
  const compileDomain = compileIn(dialect);
  const members = example.hosts.map((h) => {
    const sysconfig = compileSysconfig(h.sysconfig, `${h.name}/etc/sysconfig/xendomains`);
    const domains = (h.auto ?? []).map((a) => compileDomain(a.text, `${h.name}/etc/xen/auto/${a.file}`, { basename: a.file }));
    return { name: h.name, aliases: h.aliases ?? [], capacityMiB: h.capacityMiB, input: { toolstack: dialect, sysconfig, domains } };
  });
  return lintFleet(members, { rules, target: 'xl' });
}

/** `rule`: the rule the example documents (its dialect is the example's default). */
export function lintExample(example, rule) {
  const dialect = example.dialect ?? rule?.dialect ?? 'xm';
  const compileDomain = compileIn(dialect);
  if (example.kind === 'fleet') return fleetExample(example, dialect);
  const sysconfigText = example.kind === 'sysconfig' ? example.text : (example.sysconfig ?? sample);
  const sysconfig = compileSysconfig(sysconfigText, 'etc/sysconfig/xendomains');
  let auto;
  if (example.kind === 'domain') {
    const entries = [{ file: example.file ?? 'example.cfg', text: example.text }, ...(example.others ?? [])];
    auto = entries
      .map((e) => ({ hostPath: `/etc/xen/auto/${e.file}`, file: `etc/xen/auto/${e.file}`, basename: e.file, kind: 'config', model: compileDomain(e.text, `etc/xen/auto/${e.file}`, { basename: e.file }) }))
      .sort(byteOrder);
  }
  // The example's SAVE entries as the host would scan them: a file when it has content, else a directory.
  // Owners default to root with 0600 files and a 0755 directory, as a host's SAVE should be.
  const owner = (e) => ({ uid: e.uid ?? 0, mode: e.mode ?? (e.content === undefined ? 0o755 : 0o600) });
  const saveDir = example.saveDir && scanSaveDir(example.saveDir.map((e) => ({ ...(e.content === undefined ? { name: e.name, type: e.symlink ? 'symlink-dir' : 'dir' } : { name: e.name, type: e.symlink ? 'symlink-file' : 'file', head: Buffer.from(e.content), size: Buffer.byteLength(e.content) }), owner: owner(e) })));
  const saveDirOwner = example.saveDir || example.saveDirOwner ? (example.saveDirOwner ?? { uid: 0, mode: 0o755 }) : undefined;
  // An unreadable example file: the host has it listed but could not read it.
  if (example.unreadable !== undefined) {
    return lintModels({ sysconfig, domains: [], unreadable: [{ path: `etc/xen/auto/${example.file ?? 'example.cfg'}`, reason: example.unreadable }] }, { rules, target: 'xl' });
  }
  return lintModels({ toolstack: dialect, sysconfig, domains: auto?.map((e) => e.model) ?? [], auto, saveDir, saveDirOwner }, { rules, target: 'xl' });
}
