// xl simulator: list, create, restore, save, migrate, shutdown and sysrq as
// xl 4.20 runs them (spec xl-xendomains.md §9): GNU getopt_long parsing, xl's
// texts on stderr and its exit codes (0/1/2/3). Domains, faults, latency and the
// lock are the xm simulator's state file (sim-state.mjs); formats are sim-xl-format.mjs and sim-image.mjs.

import { accessSync, constants, openSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { call, here, simLog } from './sim-call.mjs';
import { writeAll, XmExit } from './sim-opts.mjs';
import { applyFault, delayOf, faultFor, hangForever, readState, removeDomain, settle, sleep, updateState, viewState } from './sim-state.mjs';
import { listBrief, listLong, yajl, domainConfig } from './sim-xl-format.mjs';
import { readXlImage, RestoreError, writeSaveImage } from './sim-image.mjs';
import { xendBeforeShutdown, xendFinishIn, xendGoesOn } from './sim-xend.mjs';

const fail = (code, stderr, stdout = '') => new XmExit(code, stderr, stdout);
/** The repository (the compilers are imported from its dist/). */
const ROOT_URL = new URL('../../', import.meta.url);

/**
 * GNU getopt_long with permutation: `short` like "awFh", `long` { name: { short?, arg? } }.
 * Unknown option: xl's ``option `c' not supported.``, exit 2 (a NUL for a long one, which bash drops).
 */
export function xlGetopt(argv, short, long) {
  const opts = [];
  const rest = [];
  const takesArg = (c) => short.includes(`${c}:`);
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (w === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (w.startsWith('--')) {
      const [body, value] = w.slice(2).split(/=(.*)/s);
      const exact = long[body] ? [body] : Object.keys(long).filter((k) => k.startsWith(body));
      if (exact.length !== 1) throw fail(2, 'option `\' not supported.\n');
      const spec = long[exact[0]];
      const key = spec.short ?? exact[0];
      if (spec.arg) {
        const v = value ?? argv[++i];
        if (v === undefined) throw fail(2, 'option `\' not supported.\n');
        opts.push([key, v]);
      } else opts.push([key, true]);
    } else if (w.startsWith('-') && w.length > 1) {
      for (let j = 1; j < w.length; j++) {
        const c = w[j];
        if (!short.includes(c) || c === ':') throw fail(2, `option \`${c}' not supported.\n`);
        if (takesArg(c)) {
          const v = j + 1 < w.length ? w.slice(j + 1) : argv[++i];
          if (v === undefined) throw fail(2, `option \`${c}' not supported.\n`);
          opts.push([c, v]);
          break;
        }
        opts.push([c, true]);
      }
    } else rest.push(w);
  }
  const has = (k) => opts.some(([o]) => o === k);
  const value = (k) => opts.findLast(([o]) => o === k)?.[1];
  return { opts, rest, has, value };
}

const USAGE = {
  list: 'Usage: xl [-v] list [options] [Domain]\n\nList information about all/some domains.\n',
  create: 'Usage: xl [-vfN] create <ConfigFile> [options] [vars]\n\nCreate a domain from config file <filename>.\n',
  restore: 'Usage: xl [-vf] restore [options] [<ConfigFile>] <CheckpointFile>\n\nRestore a domain from a saved state.\n',
  save: 'Usage: xl [-vf] save [options] <Domain> <CheckpointFile> [<ConfigFile>]\n\nSave a domain state to restore later.\n',
  migrate: 'Usage: xl [-vf] migrate [options] <Domain> <host>\n\nMigrate a domain to another host.\n',
  shutdown: 'Usage: xl [-vf] shutdown [options] <-a|Domain>\n\nIssue a shutdown signal to a domain.\n',
  sysrq: 'Usage: xl [-vf] sysrq <Domain> <letter>\n\nSend a sysrq to a domain.\n',
};

function atLeast(cmd, rest, n) {
  if (rest.length < n) throw fail(2, `'xl ${cmd}' requires at least ${n} argument${n === 1 ? '' : 's'}.\n\n`, USAGE[cmd]);
}

/** A digits-only argument is a domid, unchecked; anything else is looked up by exact name (§9.2). */
function resolve(state, ref) {
  if (/^\d+$/.test(ref)) return { id: Number(ref), d: state.domains.find((x) => x.id === Number(ref)) };
  const d = state.domains.find((x) => x.name === ref);
  if (!d) throw fail(1, `${ref} is an invalid domain identifier (rc=-6)\n`);
  return { id: d.id, d };
}

/** libxl's words when domain `id`, just made, has a name another domain has: the domid is used up (X24). */
function nameTaken(id, name) {
  return `libxl: error: libxl_create.c:720:libxl__domain_make: Domain ${id}:Domain with name "${name}" already exists.\nlibxl: error: libxl_create.c:1264:initiate_domain_create: Domain ${id}:cannot make domain: -6\n`;
}

// ---------------------------------------------------------------- list

export function cmdList(args, file) {
  const o = xlGetopt(args, 'lvZhcn', { long: { short: 'l' }, verbose: { short: 'v' }, context: { short: 'Z' }, help: { short: 'h' }, cpupool: { short: 'c' }, numa: { short: 'n' } });
  if (o.has('h')) return USAGE.list;
  const state = viewState(file);
  applyFault(faultFor(state, '*', 'list'));
  sleep(delayOf(faultFor(state, '*', 'list')));
  let doms = state.domains;
  if (o.rest.length) {
    const ref = o.rest[0];
    const { d } = resolve(state, ref);
    if (!d) throw fail(1, `Error: Domain '${ref}' does not exist.\n`);
    doms = [d];
  }
  return o.has('l') ? listLong(doms) : listBrief(doms);
}

// ---------------------------------------------------------------- create

let compilers;
/** The project's xl.cfg compiler from dist (compileXlConfig), else its config compiler, loaded on first use. */
async function compileConfig(text, path) {
  compilers ??= (async () => {
    try {
      return { xl: (await import(new URL('dist/src/model/xlcfg-compile.js', ROOT_URL))).compileXlConfig };
    } catch {
      return { xm: (await import(new URL('dist/src/model/domain-compile.js', ROOT_URL))).compileDomainConfig };
    }
  })();
  const c = await compilers;
  return c.xl ? c.xl(text, path) : c.xm(text, path);
}

const STRERROR = { ENOENT: 'No such file or directory', EACCES: 'Permission denied', EISDIR: 'Inappropriate ioctl for device', ENOTDIR: 'Not a directory' };

function specNames(value, out = []) {
  if (typeof value === 'string') {
    for (const part of value.split(',')) {
      const m = /^\s*name\s*=\s*(.*?)\s*$/.exec(part);
      if (m && m[1]) out.push(m[1]);
    }
  } else if (Array.isArray(value)) for (const v of value) specNames(v, out);
  return out;
}

/** What xl reads from a config: { name, memory, type, channels } or an XmExit with xl's texts. */
async function parseConfig(path) {
  let text;
  try {
    if (!statSync(here(path)).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    text = readFileSync(here(path), 'utf8');
  } catch (e) {
    throw fail(3, `Failed to read config file: ${path}: ${STRERROR[e.code] ?? e.message}\n`);
  }
  const model = await compileConfig(text, path);
  const broken = model.problems.find((p) => p.kind === 'syntax' || p.kind === 'python-code' || p.kind === 'xl-syntax');
  if (broken) {
    const line = broken.span?.start?.line ?? 1;
    throw fail(1, `${path}:${line}: config parsing error near \`${text.split('\n')[line - 1]?.trim().slice(0, 20) ?? ''}': syntax error\nFailed to parse config: Invalid argument\n`);
  }
  const name = model.name && model.name.source !== 'filename' ? model.name.value : undefined;
  if (!name) throw fail(1, 'Domain name must be specified.\n');
  const get = (k) => model.vars.get(k)?.value;
  const type = typeof get('type') === 'string' ? get('type') : get('builder') === 'hvm' ? 'hvm' : 'pv';
  if (!['pv', 'hvm', 'pvh'].some((t) => t.startsWith(type) && type !== '')) throw fail(1, `Invalid domain type ${type}.\n`);
  const memory = typeof get('memory') === 'number' ? get('memory') : 128;
  return { name, memory, type: ['pv', 'hvm', 'pvh'].find((t) => t.startsWith(type)), vcpus: typeof get('vcpus') === 'number' ? get('vcpus') : 1, channels: specNames(get('channel') ?? []) };
}

export async function cmdCreate(args, file) {
  const o = xlGetopt(args, 'hnqf:pcdeFVAi:', { help: { short: 'h' }, dryrun: { short: 'n' }, quiet: { short: 'q' }, defconfig: { short: 'f', arg: true }, ignore_global_affinity_masks: { short: 'i' } });
  if (o.has('h')) return USAGE.create;
  const words = o.rest.filter((w) => !w.includes('='));
  let config = o.value('f');
  if (config === undefined) config = words.shift();
  if (words.length) throw fail(2, '', USAGE.create);
  if (config === undefined) throw fail(6, 'Config file not specified and none in save file\n');
  const info = o.has('q') ? '' : `Parsing config from ${config}\n`;
  let cfg;
  try {
    cfg = await parseConfig(config);
  } catch (e) {
    if (e instanceof XmExit) e.stderr = info + e.stderr;
    throw e;
  }
  if (o.has('n')) {
    if (info) writeAll(2, info);
    return `${yajl(domainConfig({ ...cfg, id: undefined }, { dryRun: true }))}\n`;
  }
  const state = settle(readState(file));
  const fault = faultFor(state, cfg.name, 'create');
  if (fault.hang) hangForever();
  if (fault.fail !== undefined) {
    sleep(delayOf(fault));
    throw fail(3, `${info}${String(fault.fail)}\n`);
  }
  sleep(delayOf(fault));
  // The name is checked only once the hypervisor made the domain: a duplicate uses up a domid (§9.4, X24).
  const refused = updateState(file, (s) => {
    const id = s.nextId++;
    const dup = s.domains.find((x) => x.name === cfg.name);
    if (dup) {
      s.wastedIds = [...(s.wastedIds ?? []), id];
      return fail(3, `${info}${nameTaken(id, cfg.name)}`);
    }
    s.domains.push({ id, name: cfg.name, memory: cfg.memory, vcpus: cfg.vcpus, type: cfg.type, channels: cfg.channels, state: '-b----', startTime: Date.now(), createdFrom: here(config) });
    return undefined;
  });
  // Thrown after the write: the failed attempt keeps its domid (X24).
  if (refused) throw refused;
  if (info) writeAll(2, info);
  return '';
}

// ---------------------------------------------------------------- restore / save

export function cmdRestore(args, file) {
  const o = xlGetopt(args, 'FhcpdeVA', { help: { short: 'h' } });
  if (o.has('h')) return USAGE.restore;
  if (o.rest.length === 0) throw fail(2, "'xl restore' requires at least 1 argument.\n\n", USAGE.restore);
  if (o.rest.length > 2) throw fail(1, '', USAGE.restore);
  const src = o.rest[o.rest.length - 1];
  try {
    accessSync(here(src), constants.R_OK);
  } catch (e) {
    throw fail(1, `Can't open restore file: ${STRERROR[e.code] ?? e.message}\n`);
  }
  let image;
  try {
    image = readXlImage(here(src));
  } catch (e) {
    if (e instanceof RestoreError) throw fail(1, e.message);
    throw e;
  }
  const state = settle(readState(file));
  const fault = faultFor(state, image.name, 'restore');
  applyFault(fault);
  sleep(delayOf(fault));
  const refused = updateState(file, (s) => {
    const id = s.nextId++;
    const dup = s.domains.find((x) => x.name === image.name);
    if (dup) {
      s.wastedIds = [...(s.wastedIds ?? []), id];
      return fail(1, `${image.info}${nameTaken(id, image.name)}`);
    }
    if (!image.complete) {
      s.wastedIds = [...(s.wastedIds ?? []), id];
      return fail(1, `${image.info}libxl: error: libxl_stream_read.c:852:libxl__xc_domain_restore_done: Domain ${id}:restoring domain: Resource temporarily unavailable\nlibxl: error: libxl_create.c:1942:domcreate_rebuild_done: Domain ${id}:cannot (re-)build domain: -3\n`);
    }
    s.domains.push({ id, name: image.name, memory: image.memory, type: image.type, uuid: image.uuid, channels: image.channels, state: o.has('p') ? '--p---' : '-b----', startTime: Date.now(), restoredFrom: here(src) });
    return undefined;
  });
  if (refused) throw refused;
  writeAll(2, image.info);
  return '';
}

export function cmdSave(args, file) {
  const o = xlGetopt(args, 'cpDh', { help: { short: 'h' } });
  if (o.has('h')) return USAGE.save;
  atLeast('save', o.rest, 2);
  if (o.rest.length > 3) throw fail(1, '', USAGE.save);
  const [ref, dst, override] = o.rest;
  const state = settle(readState(file));
  const { d } = resolve(state, ref);
  if (!d || d.noConfig) throw fail(1, 'unable to retrieve domain configuration\n');
  if (override !== undefined) {
    try {
      accessSync(here(override), constants.R_OK);
    } catch {
      throw fail(1, 'unable to read overridden config file\n');
    }
  }
  let fd;
  try {
    accessSync(dirname(here(dst)), constants.W_OK);
    fd = openSync(here(dst), 'w', 0o644);
  } catch {
    throw fail(1, `Failed to open temp file ${dst} for writing\n`);
  }
  const fault = faultFor(state, d.name, 'save');
  const saving = `Saving to ${dst} new xl format (info 0x3/0x0/${Buffer.byteLength(yajl(domainConfig(d, { forImage: true }))) + 6})\n`;
  writeAll(2, saving);
  writeSaveImage(fd, d, state, fault, {
    toolstack: 'xl',
    failure: () => fail(1, `libxl: error: libxl_dom_suspend.c: Domain ${d.id}:${String(fault.fail)}\nFailed to save domain, resuming domain\n`),
    onHang: () => {
      if (fault.xendFinishes !== undefined) xendGoesOn(file, d, here(dst), fd, fault.xendFinishes, 'xl');
      simLog({ event: 'hang', verb: 'save', pid: call.pid, tool: 'xl' });
    },
  });
  if (!o.has('c')) removeDomain(file, d, 'save', { file: here(dst) });
  // `whole`: the save went through (the image complete, the domain gone), and then xl hangs or fails all the same.
  if (fault.whole && fault.hang) {
    simLog({ event: 'hang', verb: 'save', pid: call.pid, tool: 'xl' });
    hangForever();
  }
  if (fault.whole && fault.fail !== undefined) throw fail(1, `${String(fault.fail)}\n`);
  return '';
}

// ---------------------------------------------------------------- migrate, sysrq

export function cmdMigrate(args, file) {
  const o = xlGetopt(args, 'FC:s:epDh', { debug: {}, live: {}, help: { short: 'h' } });
  if (o.has('h')) return USAGE.migrate;
  atLeast('migrate', o.rest, 2);
  const [ref, host] = o.rest;
  const state = settle(readState(file));
  const { d } = resolve(state, ref);
  if (!d || d.noConfig) throw fail(1, 'unable to retrieve domain configuration\n');
  if ((state.refuseHosts ?? []).includes(host)) {
    throw fail(1, `ssh: connect to host ${host} port 22: Connection refused\nmigration sender: Target has closed the connection.\nMigration failed, resuming at sender.\n`);
  }
  const fault = faultFor(state, d.name, 'migrate');
  applyFault(fault);
  sleep(delayOf(fault));
  removeDomain(file, d, 'migrate', { host, live: o.has('live') });
  writeAll(2, 'migration sender: Target has acknowledged transfer.\nmigration sender: Giving target permission to start.\nMigration successful.\n');
  return '';
}

export function cmdSysrq(args, file) {
  const o = xlGetopt(args, 'h', { help: { short: 'h' } });
  if (o.has('h')) return USAGE.sysrq;
  atLeast('sysrq', o.rest, 2);
  const [ref, key] = o.rest;
  const state = settle(readState(file));
  const { id } = resolve(state, ref);
  if (key.length !== 1) throw fail(1, 'Invalid sysrq.\n\n', USAGE.sysrq);
  const fault = faultFor(state, state.domains.find((x) => x.id === id)?.name ?? '*', 'sysrq');
  if (fault.hang) hangForever();
  sleep(delayOf(fault));
  // xl ignores libxl's answer: exit 0 even for a domid that does not exist (X22).
  updateState(file, (s) => {
    const x = s.domains.find((y) => y.id === id);
    if (x) (x.sysrq ??= []).push(key);
  });
  return '';
}

// ---------------------------------------------------------------- shutdown

/** `xl shutdown [-a] [-w [-w]] [-F] [domid]` (§9.8): requests in domid order, the first failure ends it (X14). */
export function cmdShutdown(args, file) {
  const o = xlGetopt(args, 'awFh', { all: { short: 'a' }, wait: { short: 'w' }, help: { short: 'h' } });
  if (o.has('h')) return USAGE.shutdown;
  const all = o.has('a');
  if (!all && o.rest.length === 0) throw fail(1, 'You must specify -a or a domain id.\n\n', USAGE.shutdown);
  let state = settle(readState(file));
  if (xendBeforeShutdown(file, state)) state = settle(readState(file));
  let targets;
  if (all) {
    // Domain 0 and never-stop domains (the xenstore domain) are skipped; domains without a libxl config are covered.
    targets = [...state.domains].filter((d) => d.id !== 0 && !d.xenstore).sort((a, b) => a.id - b.id);
  } else {
    const { id, d } = resolve(state, o.rest[0]);
    if (!d) throw fail(1, `libxl: error: libxl_domain.c:1598:libxl__get_domid_from_name: Domain ${id}:Non-existant domain\nshutdown failed (rc=-21)\n`);
    targets = [d];
  }
  const begun = [];
  const mark = () =>
    begun.length &&
    updateState(file, (s) => {
      xendFinishIn(s, 'during-shutdown', begun.map((t) => t.d.name));
      const now = Date.now();
      for (const t of begun) {
        const x = s.domains.find((y) => y.id === t.d.id && y.name === t.d.name);
        if (x) {
          x.goneAt = Math.min(x.goneAt ?? Infinity, now + t.delay);
          x.shutdownMode = 'poweroff';
        }
      }
    });
  for (const d of targets) {
    writeAll(2, `Shutting down domain ${d.id}\n`);
    const fault = faultFor(state, d.name, 'shutdown');
    if (fault.hang) {
      mark();
      hangForever();
    }
    const noPv = d.type === 'hvm' && d.pvDrivers === false && !o.has('F');
    if (fault.fail !== undefined || noPv) {
      mark();
      sleep(delayOf(fault));
      const why = noPv ? 'PV control interface not available: external graceful shutdown not possible.\nUse "-F" to fallback to ACPI power event.\n' : `libxl: error: ${String(fault.fail)}\n`;
      throw fail(1, `${why}shutdown failed (rc=-10)\n`);
    }
    begun.push({ d, delay: delayOf(fault) });
  }
  mark();
  if (o.has('w') && begun.length) {
    writeAll(2, `Waiting for ${begun.length} domains\n`);
    const pending = new Map(begun.map((t) => [t.d.id, t.d]));
    while (pending.size) {
      const now = Date.now();
      const s = viewState(file);
      let next = Infinity;
      for (const [id, d] of pending) {
        const cur = s.domains.find((x) => x.id === id && x.name === d.name);
        if (!cur) {
          writeAll(2, `Domain ${id} has been shut down, reason code 0\n`);
          pending.delete(id);
        } else next = Math.min(next, (cur.goneAt ?? Infinity) - now);
      }
      if (pending.size) sleep(Math.max(2, Math.min(next, 50)));
    }
    updateState(file, () => {}); // persist the departures
  }
  return '';
}
