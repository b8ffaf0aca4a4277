// xl simulator: one xl call, a stand-in for Xen 4.20's `xl` (contrib/xl-simulator.md).
// Dispatches on the exact subcommand name (xl has no prefixes or aliases), logs
// start and end of each call to XM_SIM_LOG like the xm simulator, and returns
// xl's exit status. Who runs it: xl-run.mjs (a process) or sim-worker.mjs (the daemon).

import { writeAll, XmExit } from './sim-opts.mjs';
import { statePath } from './sim-state.mjs';
import { call, simLog as log } from './sim-call.mjs';

const commands = async () => import('./sim-xl-commands.mjs');
const SIMULATED = {
  list: async () => (await commands()).cmdList,
  create: async () => (await commands()).cmdCreate,
  restore: async () => (await commands()).cmdRestore,
  save: async () => (await commands()).cmdSave,
  migrate: async () => (await commands()).cmdMigrate,
  shutdown: async () => (await commands()).cmdShutdown,
  sysrq: async () => (await commands()).cmdSysrq,
};

const HELP = 'Usage xl [-vfNtT] <subcommand> [args]\n\nxl full list of subcommands:\n\n'
  + ' xl simulator: list, create, restore, save, migrate, shutdown and sysrq are simulated (see contrib/xl-simulator.md).\n';

async function run(argv) {
  // Global options before the subcommand (§9.2); -N (dry run) only create accepts.
  let i = 0;
  let dryRun = false;
  for (; i < argv.length && /^-[vfNtT]+$/.test(argv[i]); i++) if (argv[i].includes('N')) dryRun = true;
  const [cmd, ...args] = argv.slice(i);
  if (cmd === undefined || cmd === 'help' || cmd === '-h' || cmd === '--help') return HELP;
  const load = SIMULATED[cmd];
  if (!load) throw new XmExit(1, 'command not implemented\n');
  if (dryRun && cmd !== 'create') throw new XmExit(1, `command does not implement -N (dryrun) option\n`);
  const file = statePath();
  return (await load())(dryRun ? ['-n', ...args] : args, file);
}


/** Runs one call: output through call.write, the exit status returned. */
export async function main(argv) {
  const start = Date.now();
  log({ event: 'start', argv, pid: call.pid, start, tool: 'xl' });
  let code = 0;
  try {
    const out = await run(argv);
    if (out) writeAll(1, out);
  } catch (e) {
    if (!(e instanceof XmExit)) e = new XmExit(1, `xl simulator internal error: ${e?.stack ?? e}\n`);
    if (e.stdout) writeAll(1, e.stdout);
    if (e.stderr) writeAll(2, e.stderr);
    code = e.code;
  }
  log({ event: 'end', argv, pid: call.pid, start, end: Date.now(), exit: code, tool: 'xl' });
  return code;
}

export async function preload() {
  await commands();
}
