// xm simulator: list, save, restore, migrate and sysrq, with xm 4.0's argument
// checks and xend's error texts (see ../shared/spec/xm-commands.md §1-§2).
// Each returns its stdout text or throws XmExit; faults come from the state file.

import { accessSync, constants, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { call, here, simLog } from './sim-call.mjs';
import { ImageError, readImage, writeSaveImage } from './sim-image.mjs';
import { gnuGetopt, noDomain, optsParse, toInt, usageText, XmExit, xmError } from './sim-opts.mjs';
import {
  applyFault, compareNames, delayOf, faultFor, findDomain, mustFind, readState, removeDomain, settle, sleep,
  updateState, viewState,
} from './sim-state.mjs';
import { domainSxp, prettySxp } from './sim-sxp.mjs';
import { xendGoesOn } from './sim-xend.mjs';

const STRERROR = {
  EACCES: 'Permission denied', EISDIR: 'Is a directory', ENOENT: 'No such file or directory', ENOSPC: 'No space left on device',
  EROFS: 'Read-only file system', ENOTDIR: 'Not a directory', ELOOP: 'Too many levels of symbolic links', EPERM: 'Operation not permitted',
};
export const strerror = (e) => STRERROR[e.code] ?? e.message;

/** main.py arg_check: the word count (a literal `--` not counted) must be in [lo, hi]. */
export function argCheck(args, cmd, lo, hi = lo) {
  const n = args.filter((a) => a !== '--').length;
  if (n >= lo && n <= hi) return;
  const msg = lo === hi ? `'xm ${cmd}' requires ${lo} argument${lo === 1 ? '' : 's'}.\n` : `'xm ${cmd}' requires between ${lo} and ${hi} arguments.\n`;
  throw xmError(msg, { usage: cmd, sysExit: true });
}

/** A xend error (XML-RPC fault 2): `Error: msg` plus usage, exit 1. */
export const xendError = (msg, cmd) => xmError(msg, { usage: cmd });

/** XendDomainInfo._checkName, without the uniqueness part. */
export function checkName(name) {
  if (name === undefined || name === '') throw xmError('Missing VM Name');
  if (!/^[A-Za-z0-9_\-.:/+]+$/.test(name)) throw xmError('Invalid VM Name');
}

function padBytes(s, width) {
  return s + ' '.repeat(Math.max(0, width - Buffer.byteLength(s)));
}

function briefLine(d) {
  const cols = [padBytes(d.name, 40), String(d.id).padStart(5), String(d.memory ?? 128).padStart(5),
    String(d.vcpus ?? 1).padStart(5), (d.state ?? '-b----').padStart(10), (d.cpuTime ?? 0).toFixed(1).padStart(8)];
  return cols.join(' ');
}

const STATE_LETTER = { running: 'r', blocked: 'b', paused: 'p', shutdown: 's', crashed: 'c', dying: 'd' };

export function cmdList(args, file) {
  const { opts, rest } = gnuGetopt(args, 'lv', ['long', 'vcpus', 'label', 'state='], 'list', true);
  const has = (...k) => opts.some(([o]) => k.includes(o));
  const stateOpt = opts.findLast(([o]) => o === '--state')?.[1] ?? 'all';
  if (stateOpt !== 'all' && rest.length) {
    throw xmError('You may specify either a state or a particular VM, but not both', { usage: 'list' });
  }
  if (has('-v', '--vcpus')) throw new XmExit(1, 'xm list -v is deprecated.  Please use xm vcpu-list.\nError: xm simulator: vcpu-list is not simulated\n');
  if (has('--label')) throw xmError('xm simulator: list --label is not simulated');
  const state = viewState(file);
  applyFault(faultFor(state, '*', 'list'));
  let doms;
  if (rest.length) {
    doms = rest.map((ref) => {
      const d = findDomain(state, ref);
      if (!d) throw noDomain(ref);
      applyFault(faultFor(state, d.name, 'list'));
      return d;
    });
  } else {
    doms = [...state.domains].sort(compareNames);
    const letter = STATE_LETTER[stateOpt];
    if (stateOpt !== 'all') doms = letter ? doms.filter((d) => (d.state ?? '-b----').includes(letter)) : [];
  }
  sleep(delayOf(faultFor(state, '*', 'list')));
  // listPadBytes: pad each domU to a real host's size (several KB); listVifs: extra network devices per domU.
  if (has('-l', '--long')) {
    const padTo = Number.isSafeInteger(state.listPadBytes) ? state.listPadBytes : 0;
    return doms.map((d) => prettySxp(domainSxp(d, padTo, Number(state.listVifs) || 0))).join('');
  }
  const header = `${'Name'.padEnd(40)} ${'ID'.padStart(5)} ${'Mem'.padStart(5)} ${'VCPUs'.padStart(5)} ${'State'.padStart(10)} ${'Time(s)'.padStart(9)}`;
  return [header, ...doms.map(briefLine)].join('\n') + '\n';
}

export function cmdSave(args, file) {
  argCheck(args, 'save', 2, 3);
  const { opts, rest } = gnuGetopt(args, 'c', ['checkpoint'], undefined, true);
  if (rest.length !== 2) throw xmError('Wrong number of parameters', { usage: 'save', sysExit: true });
  const checkpoint = opts.length > 0;
  const dst = here(rest[1]);
  try {
    accessSync(dirname(dst), constants.W_OK);
  } catch {
    throw xmError(`xm save: Unable to create file ${dst}`, { sysExit: true });
  }
  const state = readState(file);
  const d = mustFind(settle(state), rest[0]);
  if (d.id === 0) throw xendError(`Cannot save privileged domain ${d.id}`, 'save');
  const fault = faultFor(state, d.name, 'save');
  let fd;
  try {
    fd = openSync(dst, 'w');
  } catch (e) {
    throw xendError(`can't write guest state file ${dst}: ${strerror(e)}`, 'save');
  }
  writeSaveImage(fd, d, state, fault, {
    toolstack: 'xm',
    failure: () => xmError(String(fault.fail)),
    onHang: () => {
      if (fault.xendFinishes !== undefined) xendGoesOn(file, d, dst, fd, fault.xendFinishes, 'xm');
      simLog({ event: 'hang', verb: 'save', pid: call.pid });
    },
  });
  if (!checkpoint) removeDomain(file, d, 'save', { file: dst });
  // `whole`: the save went through (the image complete, the domain gone), and then xm hangs or fails all the same.
  if (fault.whole && fault.hang) simLog({ event: 'hang', verb: 'save', pid: call.pid });
  if (fault.whole) applyFault(fault, { delayFirst: false });
  return '';
}

export function cmdRestore(args, file) {
  argCheck(args, 'restore', 1, 2);
  const { opts, rest } = gnuGetopt(args, 'p', ['paused'], 'restore', true);
  if (rest.length !== 1) throw xmError('Wrong number of parameters', { usage: 'restore', sysExit: true });
  const paused = opts.length > 0;
  const src = here(rest[0]);
  try {
    accessSync(src, constants.R_OK);
  } catch {
    throw xmError(`xm restore: Unable to read file ${src}`, { sysExit: true });
  }
  const state = settle(readState(file));
  let image;
  try {
    image = readImage(src);
  } catch (e) {
    if (e instanceof ImageError) throw xendError(e.message, 'restore');
    throw xendError(`can't read guest state file ${src}: ${strerror(e)}`, 'restore');
  }
  checkName(image.name);
  const other = findDomain(state, image.name);
  if (other && other.name === image.name) throw xendError(`Domain '${image.name}' already exists with ID '${other.id}'`, 'restore');
  const fault = faultFor(state, image.name, 'restore');
  applyFault(fault);
  sleep(delayOf(fault));
  if (!image.complete) {
    throw xendError(`/usr/lib/xen/bin/xc_restore 4 ${state.nextId} 2 3 0 0 0 0 failed`, 'restore');
  }
  updateState(file, (s) => {
    const dup = s.domains.find((x) => x.name === image.name);
    if (dup) throw xendError(`Domain '${image.name}' already exists with ID '${dup.id}'`, 'restore');
    s.domains.push({ id: s.nextId++, name: image.name, memory: image.memory, vcpus: image.vcpus, uuid: image.uuid,
      state: paused ? '--p---' : '-b----', startTime: Date.now(), restoredFrom: src });
  });
  return '';
}

const MIGRATE_OPTS = [{ name: 'help', short: 'h' }, { name: 'live', short: 'l' }, { name: 'port', short: 'p', arg: true },
  { name: 'node', short: 'n', arg: true }, { name: 'ssl', short: 's' }, { name: 'change_home_server', short: 'c' }];

export function cmdMigrate(args, file) {
  const { vals, args: pos } = optsParse(args, MIGRATE_OPTS, 'migrate');
  const port = vals.port !== undefined ? toInt(vals.port) : 0;
  if (vals.node !== undefined) toInt(vals.node);
  if (vals.help) return usageText('migrate');
  if (pos.length !== 2) throw xmError('Invalid number of arguments', { usage: 'migrate' });
  const [ref, host] = pos;
  const state = settle(readState(file));
  const d = mustFind(state, ref);
  if (d.id === 0) throw xendError(`Cannot migrate privileged domain ${ref}`, 'migrate');
  if (vals.change_home_server && !d.managed) throw xendError('Domain is not a managed domain', 'migrate');
  if ((state.refuseHosts ?? []).includes(host)) throw xendError("can't connect: (111, 'Connection refused')", 'migrate');
  const fault = faultFor(state, d.name, 'migrate');
  applyFault(fault);
  sleep(delayOf(fault));
  removeDomain(file, d, 'migrate', { host, live: !!vals.live, port, ssl: !!vals.ssl });
  return '';
}

export function cmdSysrq(args, file) {
  argCheck(args, 'sysrq', 2);
  const [ref, key] = args;
  const state = settle(readState(file));
  const d = mustFind(state, ref);
  if (Buffer.byteLength(key) !== 1) throw xendError(`${key} is not convertible to a character`, 'sysrq');
  const fault = faultFor(state, d.name, 'sysrq');
  applyFault(fault);
  sleep(delayOf(fault));
  updateState(file, (s) => {
    const x = s.domains.find((y) => y.id === d.id && y.name === d.name);
    if (x) (x.sysrq ??= []).push(key);
  });
  return '';
}
