// xm simulator: one xm call, a stand-in for Xen 4.0's `xm` (contrib/xm-simulator.md).
// Dispatches like xm's main.py (exact name, alias, unique prefix; -h/--help
// anywhere), logs start and end of each call to XM_SIM_LOG as JSON lines, and
// returns the exit status (0, 1 or 3). Who runs it: xm-run.mjs (a process) or sim-worker.mjs (the daemon).

import { usageText, writeAll, XmExit, xmError } from './sim-opts.mjs';
import { statePath } from './sim-state.mjs';
import { call, simLog as log } from './sim-call.mjs';

// main.py's command table (4.0); only some are simulated, the rest matter for prefix lookup.
const COMMANDS = ('console vncviewer create new delete destroy dump-core help list mem-set migrate pause reboot '
  + 'restore resume save shell shutdown start suspend top unpause uptime usb-add usb-del domid domname mem-max rename '
  + 'sched-sedf sched-credit sysrq trigger vcpu-list vcpu-pin vcpu-set debug-keys dmesg info log serve block-attach '
  + 'block-detach block-list block-configure network-attach network-detach network-list vtpm-list vnet-list vnet-create '
  + 'vnet-delete pci-attach pci-detach pci-list pci-list-assignable-devices scsi-attach scsi-detach scsi-list labels '
  + 'addlabel rmlabel getlabel dry-run resources dumppolicy setpolicy resetpolicy getpolicy tmem-list tmem-thaw '
  + 'tmem-freeze tmem-destroy tmem-set tmem-shared-auth event-monitor').split(' ');
const ALIASES = { balloon: 'mem-set', 'set-vcpus': 'vcpu-set', 'vif-list': 'network-list', 'vbd-create': 'block-attach',
  'vbd-destroy': 'block-detach', 'vbd-list': 'block-list' };

const SIMULATED = {
  list: async () => (await import('./sim-commands.mjs')).cmdList,
  save: async () => (await import('./sim-commands.mjs')).cmdSave,
  restore: async () => (await import('./sim-commands.mjs')).cmdRestore,
  migrate: async () => (await import('./sim-commands.mjs')).cmdMigrate,
  sysrq: async () => (await import('./sim-commands.mjs')).cmdSysrq,
  shutdown: async () => (await import('./sim-shutdown.mjs')).cmdShutdown,
  create: async () => (await import('./sim-create.mjs')).cmdCreate,
};

function lookup(word) {
  if (COMMANDS.includes(word)) return word;
  if (ALIASES[word]) return ALIASES[word];
  const same = COMMANDS.filter((c) => c.startsWith(word));
  return same.length === 1 ? same[0] : undefined;
}

const LONG_HELP = 'Usage: xm <subcommand> [args]\n\nControl, list, and manipulate Xen guest instances.\n\n'
  + 'xm simulator: list, create, restore, save, migrate, sysrq and shutdown are simulated (see contrib/xm-simulator.md).\n';

async function run(argv) {
  if (argv.length === 0) throw new XmExit(1, '', usageText());
  for (const h of ['--help', '-h']) {
    if (!argv.includes(h)) continue;
    if (argv[0] === h) return LONG_HELP;
    throw new XmExit(1, '', usageText(lookup(argv[0]) ?? argv[0]));
  }
  const cmd = lookup(argv[0]);
  if (!cmd) throw new XmExit(1, `Error: Subcommand ${argv[0]} not found!\n`, usageText());
  if (cmd === 'help') return LONG_HELP;
  const file = statePath();
  const load = SIMULATED[cmd];
  if (!load) throw xmError(`xm simulator: subcommand '${cmd}' is not simulated`);
  return (await load())(argv.slice(1), file);
}


/** Runs one call: output through call.write, the exit status returned. */
export async function main(argv) {
  const start = Date.now();
  log({ event: 'start', argv, pid: call.pid, start });
  let code = 0;
  try {
    const out = await run(argv);
    if (out) writeAll(1, out);
  } catch (e) {
    if (!(e instanceof XmExit)) e = new XmExit(1, `Error: xm simulator internal error: ${e?.stack ?? e}\n`);
    if (e.stdout) writeAll(1, e.stdout);
    if (e.stderr) writeAll(2, e.stderr);
    code = e.code;
  }
  log({ event: 'end', argv, pid: call.pid, start, end: Date.now(), exit: code });
  return code;
}

/** The simulated verbs' modules, loaded ahead of the first call (the daemon's workers). */
export async function preload() {
  await Promise.all(Object.values(SIMULATED).map((load) => load()));
}
