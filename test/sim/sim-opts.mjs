// xm simulator: argument parsing as xm 4.0 does it. Python's getopt (plain and
// GNU-permuting, with its exact error texts), the Opts loop of create/migrate/
// shutdown (options before, between and after positionals; KEY=VALUE words are
// variables), and the exit conventions (XmExit carries stdout, stderr, code).

import { call } from './sim-call.mjs';

/** Writes all of text to the call's stdout (1) or stderr (2) at once. */
export function writeAll(fd, text) {
  call.write(fd, Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'));
}

/** A finished command: what to print and the exit status. Thrown to unwind. */
export class XmExit extends Error {
  constructor(code, stderr = '', stdout = '') {
    super(stderr || `exit ${code}`);
    this.code = code;
    this.stderr = stderr;
    this.stdout = stdout;
  }
}

const HELP = {
  list: ['[options] [Domain, ...]', 'List information about all/some domains.',
    '  -l, --long                     Output all VM details in SXP\n  --label                        Include security labels\n  --state=<state>                Select only VMs with the specified state\n'],
  create: ['<ConfigFile> [options] [vars]', 'Create a domain based on <ConfigFile>.'],
  restore: ['<CheckpointFile> [-p]', 'Restore a domain from a saved state.',
    '  -p, --paused                   Do not unpause domain after restoring it\n'],
  save: ['[-c|--checkpoint] <Domain> <CheckpointFile>', 'Save a domain state to restore later.',
    '  -c, --checkpoint               Leave domain running after creating snapshot\n'],
  migrate: ['<Domain> <Host>', 'Migrate a domain to another machine.'],
  shutdown: ['<Domain> [-waRH]', 'Shutdown a domain.'],
  sysrq: ['<Domain> <letter>', 'Send a sysrq to a domain.'],
};

/** `xm help <cmd>` text (xm prints it on stdout). */
export function usageText(cmd) {
  const h = HELP[cmd];
  if (!h) return 'Usage: xm <subcommand> [args]\n\nControl, list, and manipulate Xen guest instances.\n';
  return `Usage: xm ${cmd} ${h[0]}\n\n${h[1]}\n${h[2] ? h[2] + '\n' : ''}`;
}

/**
 * `Error: msg` on stderr, exit 1. usage: also print the command's usage on
 * stdout. sysExit: the command called sys.exit(1), which xm re-raises, so
 * Python also prints the SystemExit object (`1`) on stderr.
 */
export function xmError(msg, { usage, sysExit = false } = {}) {
  return new XmExit(1, `Error: ${msg}\n${sysExit ? '1\n' : ''}`, usage ? usageText(usage) : '');
}

/** xend fault 3: exit 3, no usage. */
export function noDomain(dom) {
  return new XmExit(3, `Error: Domain '${dom}' does not exist.\n`);
}

class GetoptError extends Error {}

function longHasArgs(opt, longopts) {
  const poss = longopts.filter((o) => o.startsWith(opt));
  if (poss.length === 0) throw new GetoptError(`option --${opt} not recognized`);
  if (poss.includes(opt)) return [false, opt];
  if (poss.includes(opt + '=')) return [true, opt];
  if (poss.length > 1) throw new GetoptError(`option --${opt} not a unique prefix`);
  const m = poss[0];
  return m.endsWith('=') ? [true, m.slice(0, -1)] : [false, m];
}

function doLongs(out, word, longopts, args) {
  const eq = word.indexOf('=');
  let opt = eq < 0 ? word : word.slice(0, eq);
  let arg = eq < 0 ? undefined : word.slice(eq + 1);
  const [hasArg, full] = longHasArgs(opt, longopts);
  opt = full;
  if (hasArg && arg === undefined) {
    if (args.length === 0) throw new GetoptError(`option --${opt} requires argument`);
    arg = args.shift();
  } else if (!hasArg && arg !== undefined) {
    throw new GetoptError(`option --${opt} must not have an argument`);
  }
  out.push(['--' + opt, arg ?? '']);
}

function doShorts(out, cluster, shortopts, args) {
  while (cluster !== '') {
    const c = cluster[0];
    cluster = cluster.slice(1);
    const i = shortopts.indexOf(c);
    if (c === ':' || i < 0) throw new GetoptError(`option -${c} not recognized`);
    let arg = '';
    if (shortopts[i + 1] === ':') {
      if (cluster === '') {
        if (args.length === 0) throw new GetoptError(`option -${c} requires argument`);
        cluster = args.shift();
      }
      arg = cluster;
      cluster = '';
    }
    out.push(['-' + c, arg]);
  }
}

function isOption(w) {
  return w.startsWith('-') && w !== '-';
}

/** Python getopt.getopt (stops at the first positional) or getopt.gnu_getopt (permutes). */
export function getopt(argv, shortopts, longopts, gnu = false) {
  const args = [...argv];
  const opts = [];
  const rest = [];
  while (args.length) {
    const w = args[0];
    if (w === '--') {
      args.shift();
      rest.push(...args);
      return { opts, rest };
    }
    if (!isOption(w)) {
      if (!gnu) break;
      rest.push(args.shift());
      continue;
    }
    args.shift();
    if (w.startsWith('--')) doLongs(opts, w.slice(2), longopts, args);
    else doShorts(opts, w.slice(1), shortopts, args);
  }
  return { opts, rest: [...rest, ...args] };
}

/** getopt for list/save/restore; a bad option is an error with usage. */
export function gnuGetopt(argv, shortopts, longopts, cmd, sysExit) {
  try {
    return getopt(argv, shortopts, longopts, true);
  } catch (e) {
    if (e instanceof GetoptError) throw xmError(e.message, { usage: cmd, sysExit });
    throw e;
  }
}

/**
 * The Opts loop: getopt up to the first positional, take it, start again.
 * spec: [{ name, short?, arg? }]. Returns { vals: {name: value|true}, args, vars }.
 * A getopt error is an OptionError: `Error: msg` plus usage, no `1` line.
 */
export function optsParse(argv, spec, cmd) {
  let shortopts = '';
  const longopts = [];
  for (const o of spec) {
    if (o.short) shortopts += o.short + (o.arg ? ':' : '');
    longopts.push(o.name + (o.arg ? '=' : ''));
  }
  const vals = {};
  const args = [];
  const vars = [];
  let rest = [...argv];
  while (rest.length) {
    let r;
    try {
      r = getopt(rest, shortopts, longopts, false);
    } catch (e) {
      if (e instanceof GetoptError) throw xmError(e.message, { usage: cmd });
      throw e;
    }
    for (const [k, v] of r.opts) {
      const o = spec.find((s) => (k.startsWith('--') ? s.name === k.slice(2) : s.short === k[1]));
      vals[o.name] = o.arg ? v : true;
    }
    rest = r.rest;
    if (!rest.length) break;
    const word = rest.shift();
    const eq = word.indexOf('=');
    if (eq > 0) vars.push([word.slice(0, eq), word.slice(eq + 1)]);
    else args.push(word);
  }
  return { vals, args, vars };
}

/** Opts `set_int`: Python int() of the text, or `Invalid value` (sys.exit). */
export function toInt(text) {
  const t = String(text).trim();
  if (!/^[+-]?\d+$/.test(t)) throw xmError(`Invalid value: ${text}`, { sysExit: true });
  return Number.parseInt(t, 10);
}
