// xl simulator: one xl call, a stand-in for Xen 4.20's `xl` (contrib/xl-simulator.md).
// Dispatches on the exact subcommand name (xl has no prefixes or aliases), logs
// start and end of each call to XM_SIM_LOG like the xm simulator, and returns
// xl's exit status. Who runs it: xl-run.mjs (a process) or sim-worker.mjs (the daemon).

import { XmExit } from './sim-opts.mjs';
import { statePath } from './sim-state.mjs';
import { runCall } from './sim-main.mjs';

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
export function main(argv) {
  return runCall(argv, run, { tool: 'xl', internalError: 'xl simulator internal error' });
}

export async function preload() {
  await commands();
}
