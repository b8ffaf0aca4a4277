// xm simulator: `xm create [-q] [-n] [-f|--defconfig=]CFG [VAR=VALUE…]` (create.py, 4.0).
// Finds the config like xm (the name, then each --path entry), reads it with a
// literal-only fast path or the project's compiler (dist/, imported lazily),
// prints the dry-run `(vm …)` SXP or adds the domain, refusing a duplicate name.

import { readFileSync, statSync } from 'node:fs';
import { call, here } from './sim-call.mjs';
import { optsParse, toInt, usageText, xmError } from './sim-opts.mjs';
import { applyFault, delayOf, faultFor, readState, settle, sleep, updateState } from './sim-state.mjs';
import { prettySxp } from './sim-sxp.mjs';
import { checkName, xendError } from './sim-commands.mjs';

const SPEC = [
  { name: 'help', short: 'h' }, { name: 'help_config' }, { name: 'quiet', short: 'q' }, { name: 'path', arg: true },
  { name: 'defconfig', short: 'f', arg: true }, { name: 'config', short: 'F', arg: true }, { name: 'dryrun', short: 'n' },
  { name: 'xmldryrun', short: 'x' }, { name: 'skipdtd', short: 's' }, { name: 'paused', short: 'p' },
  { name: 'console_autoconnect', short: 'c' }, { name: 'vncviewer' }, { name: 'vncviewer-autopass' },
];

const PY_KEYWORDS = new Set(('and as assert break class continue def del elif else except exec finally for from global if '
  + 'import in is lambda not or pass print raise return try while with yield None').split(' '));

/** Python's os.path.join of two parts (no normalisation; an absolute b wins). */
const pyJoin = (a, b) => (b.startsWith('/') ? b : a.endsWith('/') || a === '' ? a + b : `${a}/${b}`);
const baseName = (p) => p.replace(/\/+$/, '').split('/').pop() || p;

/** Opts.load_defconfig: '' then each --path entry; a relative candidate gets './'. */
function findConfig(defconfig, path) {
  for (const dir of ['', ...path.split(':')]) {
    let p = dir ? pyJoin(dir, defconfig) : defconfig;
    if (!p.startsWith('/')) p = pyJoin('.', p);
    try {
      if (statSync(here(p)).isFile()) return { file: p, bytes: readFileSync(here(p)) };
    } catch {}
  }
  throw xmError(`Unable to open config file: ${defconfig}`, { usage: 'create' });
}

/** One literal: an int, a plain quoted string, or a list of them; undefined if anything else. */
function literal(src) {
  const m = /^(?:(0|[1-9]\d{0,8})|'([^'\\]*)'|"([^"\\]*)"|\[(.*)\])[ ]*(?:#.*)?$/.exec(src);
  if (!m) return undefined;
  if (m[1] !== undefined) return Number(m[1]);
  if (m[2] !== undefined || m[3] !== undefined) return m[2] ?? m[3];
  const items = [];
  let rest = m[4].trim();
  while (rest) {
    const s = /^(?:'([^'\\]*)'|"([^"\\]*)")[ ]*(,[ ]*)?/.exec(rest);
    if (!s || (!s[3] && s[0].length !== rest.length)) return undefined;
    items.push(s[1] ?? s[2]);
    rest = rest.slice(s[0].length);
  }
  return items;
}

/** Configs made only of `name = literal` lines need no Python: Map of var → value, or undefined. */
export function fastVars(bytes) {
  if (bytes.some((b) => b > 126 || (b < 32 && b !== 10))) return undefined;
  const vars = new Map();
  for (const line of bytes.toString('latin1').split('\n')) {
    if (/^\s*$/.test(line) || line.startsWith('#')) continue;
    const m = /^([A-Za-z_]\w*)[ ]*=[ ]*(.*?)[ ]*$/.exec(line);
    if (!m || PY_KEYWORDS.has(m[1])) return undefined;
    const v = literal(m[2]);
    if (v === undefined) return undefined;
    vars.set(m[1], v);
  }
  return vars;
}

async function compiledVars(bytes, file, defconfig, vmid) {
  let mod;
  try {
    mod = await import(new URL('../../dist/src/model/domain-compile.js', import.meta.url));
  } catch (e) {
    const why = e?.code === 'ERR_MODULE_NOT_FOUND' ? 'the project is not built; run npx tsc -p tsconfig.json' : e?.message;
    throw xmError(`xm simulator: cannot load dist/src/model/domain-compile.js: ${why}`);
  }
  const text = bytes.toString('utf8');
  const model = mod.compileDomainConfig(text, file, { basename: baseName(defconfig), ...(vmid !== undefined ? { vmid } : {}) });
  for (const p of model.problems) {
    if (p.kind === 'syntax') {
      const line = text.split('\n')[p.span.start.line - 1] ?? '';
      throw xmError(`Errors were found at line ${p.span.start.line} while processing ${file}:\n\t${line}`);
    }
    if (p.detail === 'name-error' || p.detail === 'runtime-error') {
      throw xmError(p.message.replace(/^\w+: /, '').replace(/ — .*$/s, ''));
    }
  }
  const vars = new Map([...model.vars].map(([k, a]) => [k, a.value]));
  if (model.name?.source === 'name') vars.set('name', model.name.value);
  else vars.delete('name');
  return vars;
}

function num(v, fallback) {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isInteger(n) ? n : fallback;
}

const str = (v) => (typeof v === 'string' && v !== '' ? v : undefined);

/** create.py make_config, abridged: the `(vm …)` form of a dry run. */
function vmSxp(c) {
  const vm = ['vm', ['name', c.name], ['memory', c.memory]];
  if (c.maxmem !== undefined) vm.push(['maxmem', c.maxmem]);
  for (const k of ['on_poweroff', 'on_reboot', 'on_crash']) if (str(c.vars.get(k))) vm.push([k, c.vars.get(k)]);
  vm.push(['vcpus', c.vcpus]);
  if (str(c.vars.get('bootloader'))) vm.push(['bootloader', c.vars.get('bootloader')], ['bootloader_args', '-q']);
  const image = [str(c.vars.get('builder')) ?? 'linux'];
  for (const [k, v] of [['kernel', 'kernel'], ['ramdisk', 'ramdisk'], ['root', 'root'], ['args', 'extra']]) {
    if (str(c.vars.get(v))) image.push([k, c.vars.get(v)]);
  }
  vm.push(['image', image]);
  for (const disk of Array.isArray(c.vars.get('disk')) ? c.vars.get('disk') : []) {
    const [uname, dev, mode] = String(disk).split(',');
    vm.push(['device', ['vbd', ['uname', uname ?? ''], ['dev', dev ?? ''], ['mode', mode ?? 'r']]]);
  }
  for (const vif of Array.isArray(c.vars.get('vif')) ? c.vars.get('vif') : []) {
    const pairs = String(vif).split(',').filter((kv) => kv.includes('=')).map((kv) => kv.trim().split('=', 2));
    vm.push(['device', ['vif', ...pairs]]);
  }
  return vm;
}

export async function cmdCreate(args, file) {
  const { vals, args: words, vars: cliVars } = optsParse(args, SPEC, 'create');
  if (vals.help) return usageText('create');
  if (vals.help_config) throw xmError('xm simulator: --help_config is not simulated');
  if (vals.config !== undefined) throw xmError('xm simulator: -F/--config (SXP configs) is not simulated');
  const defconfig = vals.defconfig ?? words[0] ?? 'xmdefconfig';
  const found = findConfig(defconfig, vals.path ?? '.:/etc/xen');
  if (found.bytes[0] === 0x3c) return ''; // '<': an XML config, which the XML-RPC transport ignores
  const cli = new Map(cliVars);
  const vmid = cli.has('vmid') ? toInt(cli.get('vmid')) : undefined;
  const fast = call.env.XM_SIM_COMPILER === 'always' ? undefined : fastVars(found.bytes);
  const vars = fast ?? (await compiledVars(found.bytes, found.file, defconfig, vmid));
  for (const [k, v] of cli) vars.set(k, ['memory', 'maxmem', 'vcpus'].includes(k) ? toInt(v) : v);
  const c = {
    vars, name: str(vars.get('name')) ?? baseName(defconfig), memory: num(vars.get('memory'), 128),
    maxmem: vars.has('maxmem') ? num(vars.get('maxmem'), undefined) : undefined, vcpus: num(vars.get('vcpus'), 1),
  };
  const using = vals.quiet ? '' : `Using config file "${found.file}".\n`;
  if (vals.dryrun) {
    const state = tryState(file);
    if (state) {
      const fault = faultFor(state, c.name, 'dryrun');
      applyFault(fault);
      sleep(delayOf(fault));
    }
    return using + prettySxp(vmSxp(c));
  }
  const state = settle(readState(file));
  checkName(c.name);
  const refuseDup = (s) => {
    const dup = s.domains.find((d) => d.name === c.name);
    if (dup) throw xendError(`VM name '${c.name}' already exists as domain ${dup.id}`, 'create');
  };
  refuseDup(state);
  const fault = faultFor(state, c.name, 'create');
  applyFault(fault);
  sleep(delayOf(fault));
  const id = updateState(file, (s) => {
    refuseDup(s);
    const d = { id: s.nextId++, name: c.name, memory: c.memory, vcpus: c.vcpus, state: vals.paused ? '--p---' : '-b----',
      startTime: Date.now(), createdFrom: found.file };
    if (c.maxmem !== undefined) d.maxmem = c.maxmem;
    s.domains.push(d);
    return d.id;
  });
  return vals.quiet ? '' : `${using}Started domain ${c.name} (id=${id})\n`;
}

/** A dry run needs no xend; faults still apply when the state is there. */
function tryState(file) {
  try {
    return readState(file);
  } catch {
    return undefined;
  }
}
