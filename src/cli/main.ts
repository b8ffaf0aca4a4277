// The xendomains command line: yargs wiring only. Each command's work is in
// its own module; errors the user can fix become one line and an exit code.

import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { answer, workerJob } from '../host/workers.js';
import { CliError, EXIT, toolVersion } from './common.js';

function globalOptions(y: Argv) {
  return y
    .option('config', { alias: 'c', type: 'string', describe: 'sysconfig file (default /etc/sysconfig/xendomains, else /etc/default/xendomains)' })
    .option('root', { type: 'string', describe: "treat DIR as the host's / (config, AUTO, SAVE and lock are looked up under it)" })
    .option('lock-file', { type: 'string', describe: 'lock file (default /var/lock/subsys/xendomains, else /var/lock/xendomains)' })
    .option('xm', { type: 'string', describe: 'the xm executable (env XENDOMAINS_XM; default xm on PATH)' })
    .option('color', { type: 'boolean', describe: 'colour output (default: on a terminal, unless NO_COLOR is set)' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'print only what matters' });
}

/** Options of the commands that run plans. */
function execOptions<T>(y: Argv<T>) {
  return y
    .option('journal', { type: 'string', describe: 'append a JSON line per step to FILE (default /var/log/xendomains/journal.jsonl under --root)' })
    .option('log-format', { type: 'string', describe: 'auto | plain | progress | json | upstream (the reference\'s rc-style text)' })
    .option('jobs', { alias: 'j', type: 'number', describe: 'stop up to N domains at once (overrides XENDOMAINS_STOP_PARALLEL)' })
    .option('state', { type: 'string', describe: 'captured `xm list -l` (SXP) or JSON snapshot instead of asking xm (testing)' });
}

/** One init-script verb: a thin handler around src/cli/verbs.ts. */
function verbCommand(verb: 'start' | 'stop' | 'restart' | 'reload' | 'status', describe: string, run: (fn: () => number | Promise<number>) => () => Promise<void>) {
  return {
    command: verb,
    describe,
    builder: (y: Argv) => execOptions(y),
    handler: async (args: object) => {
      const { runVerb } = await import('./verbs.js');
      await run(() => runVerb({ ...args, verb } as never))();
    },
  };
}

async function main(argv: string[]): Promise<number> {
  let exitCode = EXIT.ok as number;
  const run = (fn: () => number | Promise<number>) => async () => {
    exitCode = await fn();
  };
  const cli = globalOptions(yargs(argv))
    .scriptName('xendomains')
    .usage('$0 <command> [options]')
    .command(
      'lint [files..]',
      'parse and validate the sysconfig, every AUTO config and any FILES',
      (y) =>
        y
          .positional('files', { type: 'string', array: true, describe: 'extra files: domain configs, or a sysconfig named xendomains' })
          .option('format', { alias: 'f', type: 'string', describe: 'stylish | gcc | json | sarif | github | checkstyle' })
          .option('severity', { type: 'string', describe: 'lowest severity shown: error | warning | info | style' })
          .option('fail-on', { type: 'string', describe: 'lowest severity that exits 1 (default warning)' })
          .option('max-warnings', { type: 'number', describe: 'exit 1 when more warnings than N' })
          .option('enable', { type: 'string', array: true, describe: 're-enable rules disabled in the rc file' })
          .option('disable', { type: 'string', array: true, describe: 'disable rules by code or name' })
          .option('rc', { type: 'string', describe: 'rc file (default .xendomainsrc.json under --root, else in the working directory)' })
          .option('fleet', { type: 'string', describe: 'a fleet file (JSON) naming several hosts to lint together' }),
      async (args) => {
        const { runLint } = await import('./lint.js');
        await run(() => runLint(args as never))();
      },
    )
    .command(
      'plan <verb>',
      'print the exact xm command plan for start, stop, restart or status (reads the host, changes nothing)',
      (y) =>
        y
          .positional('verb', { type: 'string', describe: 'start | stop | restart | status', demandOption: true })
          .option('state', { type: 'string', describe: 'captured `xm list -l` (SXP) or JSON snapshot; default: ask xm' })
          .option('format', { alias: 'f', type: 'string', describe: 'text | json | sh' })
          .option('out', { type: 'string', describe: 'also write the JSON plan to FILE (for apply)' }),
      async (args) => {
        const { runPlan } = await import('./plan.js');
        await run(() => runPlan(args as never))();
      },
    )
    .command(
      'apply <plan>',
      'run a saved JSON plan (from plan --out), refusing it if the host changed since',
      (y) => execOptions(y.positional('plan', { type: 'string', demandOption: true, describe: 'the plan file' })),
      async (args) => {
        const { runApply } = await import('./verbs.js');
        await run(() => runApply(args as never))();
      },
    )
    .command(verbCommand('start', 'boot: restore saved domains, create the AUTO ones (plan from the live host, then run it)', run))
    .command(verbCommand('stop', 'shutdown: migrate, save or shut down every domain (plan from the live host, then run it)', run))
    .command(verbCommand('restart', 'stop, then start', run))
    .command(verbCommand('reload', 'the same as restart', run))
    .command(verbCommand('status', 'are the AUTO domains running, is SAVE empty? (exit 0 running, 1 dead, 3 not started)', run))
    .command(
      'show',
      'print the compiled configuration: effective XENDOMAINS_* values and every AUTO domain',
      (y) => y.option('format', { alias: 'f', type: 'string', describe: 'text | json' }),
      async (args) => {
        const { runShow } = await import('./show.js');
        await run(() => runShow(args as never))();
      },
    )
    .command('rules', 'list every lint rule', {}, async () => {
      const { runRules } = await import('./show.js');
      await run(runRules)();
    })
    .command(
      'explain <code>',
      "print one rule's documentation with its examples",
      (y) => y.positional('code', { type: 'string', demandOption: true }),
      async (args) => {
        const { runExplain } = await import('./show.js');
        await run(() => runExplain(String(args.code)))();
      },
    )
    .command(
      'systemd-unit',
      "print the systemd unit, with TimeoutStopSec computed from this host's worst-case stop plan",
      (y) =>
        y
          .option('xendomains-path', { type: 'string', describe: 'the xendomains executable the unit runs (default /usr/bin/xendomains)' })
          .option('state', { type: 'string', describe: 'captured `xm list -l` (SXP) or JSON snapshot; default: ask xm, else estimate from the AUTO configs' })
          .option('generic', { type: 'boolean', describe: 'the host-independent unit (contrib/xendomains.service): TimeoutStopSec=infinity' }),
      async (args) => {
        const { runSystemdUnit } = await import('./systemd-unit.js');
        await run(() => runSystemdUnit(args as never))();
      },
    )
    .command(
      'compile-init',
      'write a self-contained POSIX init script for this host (no Node at run time); --check SCRIPT says whether it is current',
      (y) =>
        y
          .option('out', { alias: 'o', type: 'string', describe: 'write the script to FILE (mode 755) instead of stdout' })
          .option('journal', { type: 'string', describe: 'the journal the script appends to (default /var/log/xendomains/journal.jsonl)' })
          .option('check', { type: 'string', describe: 'does SCRIPT still match the host tree? (exit 0 yes, 1 no, 2 unreadable)' }),
      async (args) => {
        const { runCompileInit } = await import('./compile-init.js');
        await run(() => runCompileInit(args as never))();
      },
    )
    .command('completion', 'print a bash completion script (save it as /etc/bash_completion.d/xendomains)', {}, async () => {
      const { runCompletion } = await import('./completion.js');
      await run(runCompletion)();
    })
    .demandCommand(1, 'give a command (see --help)')
    .strict()
    .version(toolVersion())
    .help()
    // Laying out help text costs ~15 ms at every start (yargs caches it per command): only when asked.
    .wrap(argv.includes('--help') || argv.includes('-h') ? Math.min(100, process.stdout.columns || 100) : null)
    .fail((message, error) => {
      if (error) throw error;
      throw new CliError(`${message}\nRun \`xendomains --help\` for usage.`, EXIT.usage);
    });
  // yargs lays out a command's help as its handler starts (~8 ms), for a failure that prints it later;
  // our failures print one line, never the help, so skip it. --help builds its text as usual.
  (cli as unknown as { getInternalMethods(): { getUsageInstance(): { cacheHelpMessage(): void } } })
    .getInternalMethods().getUsageInstance().cacheHelpMessage = () => {};
  await cli.parseAsync();
  return exitCode;
}

/** On a worker thread this program started (src/host/workers.ts): do its job instead of the command line. */
async function workerMain(job: { job: string; input: unknown }): Promise<number> {
  const { LINT_JOB, lintSlice } = await import('./lint-workers.js');
  if (job.job !== LINT_JOB) throw new Error(`unknown worker job ${job.job}`);
  answer(lintSlice(job.input as never));
  return EXIT.ok;
}

const job = workerJob();
(job ? workerMain(job) : main(hideBin(process.argv))).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`xendomains: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      // A bug, not bad input: say so plainly, without the stack unless asked for.
      process.stderr.write(`xendomains: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      if (process.env.XENDOMAINS_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
      process.exitCode = 70;
    }
  },
);
