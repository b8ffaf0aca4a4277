// The xendomains command line: yargs wiring only. Each command's work is in
// its own module; errors the user can fix become one line and an exit code.

import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { answer, workerJob } from '../host/workers.js';
import { CliError, EXIT, toolVersion } from './common.js';
import { STDIN_PATH } from '../host/files.js';
import { displayText } from '../report/display.js';

function globalOptions(y: Argv) {
  return y
    .option('config', { alias: 'c', type: 'string', describe: 'sysconfig file (default /etc/sysconfig/xendomains, else /etc/default/xendomains)' })
    .option('root', {
      type: 'string',
      describe: "treat DIR as the host's / (config, AUTO, SAVE and lock are looked up under it)",
    })
    // An empty --root (an unset variable in a script) must not fall back to the live host.
    .check((args) => ([] as unknown[]).concat(args['root'] ?? []).every((v) => v !== '') || "--root is empty: give the directory that stands for the host's / (leave --root out for the live host)", true)
    .option('lock-file', { type: 'string', describe: 'lock file (default /var/lock/subsys/xendomains, else /var/lock/xendomains)' })
    .option('xm', { type: 'string', describe: 'the xm executable (env XENDOMAINS_XM; default xm on PATH)' })
    .option('xl', { type: 'string', describe: 'the xl executable, with the xl toolstack (env XENDOMAINS_XL; default xl on PATH)' })
    .option('toolstack', { type: 'string', describe: 'xm | xl | auto: read domain configs as xm (Python) or xl (xl.cfg) and plan xm or xl commands; auto decides from the host tree (default)' })
    .option('color', { type: 'boolean', describe: 'colour output (default: on a terminal, unless NO_COLOR is set)' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'print only what matters' });
}

/** Options of the commands that run plans. */
function execOptions<T>(y: Argv<T>) {
  return y
    .option('journal', { type: 'string', describe: 'append a JSON line per step to FILE (default /var/log/xendomains/journal.jsonl under --root)' })
    .option('log-format', { type: 'string', describe: 'auto | plain | progress | json | upstream (the reference\'s rc-style text)' })
    .option('jobs', { alias: 'j', type: 'string', describe: 'stop up to N domains at once (overrides XENDOMAINS_STOP_PARALLEL)' })
    .option('state', { type: 'string', describe: 'captured `xm list -l` (SXP) or JSON snapshot instead of asking xm (testing)' })
    .option('xenstore-domid', { type: 'string', describe: 'xl hosts: the xenstore stub domain\'s id on the host --state was captured on (0: xenstored in dom0); default: xenstore-read, not asked with --state' });
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

/** What each command's required argument is, for a message that names it. */
const REQUIRED: Record<string, string> = {
  plan: 'a verb: start, stop, restart or status',
  apply: 'the plan file (from `xendomains plan VERB --out FILE`)',
  explain: 'a rule code or name (see `xendomains rules`)',
};

/** yargs' failure messages in the words of this CLI, echoing what was typed. */
function usageMessage(message: string, argv: readonly string[]): string {
  const command = argv.find((a) => !a.startsWith('-'));
  if (/^Not enough non-option arguments/.test(message) && command && REQUIRED[command]) return `${command}: missing ${REQUIRED[command]}`;
  if (/^Not enough non-option arguments/.test(message)) return 'give a command (see --help)';
  const unknown = /^Unknown arguments?: (.*)$/.exec(message);
  if (unknown) {
    const names = unknown[1]!.split(', ');
    const typed = names.map((n) => argv.find((a) => a === n || a.replace(/^--?/, '').split('=')[0] === n) ?? n);
    const options = typed.filter((t) => t.startsWith('-'));
    const words = typed.filter((t) => !t.startsWith('-'));
    const parts = [
      ...(options.length ? [`unknown option${options.length > 1 ? 's' : ''} ${options.join(', ')}`] : []),
      ...(words.length ? [command === words[0] ? `unknown command "${words[0]}"` : `unexpected argument${words.length > 1 ? 's' : ''} ${words.map((w) => `"${w}"`).join(', ')}`] : []),
    ];
    return `${command && command !== words[0] ? `${command}: ` : ''}${parts.join('; ')}`;
  }
  return message;
}

async function main(typed: string[]): Promise<number> {
  // `-` names standard input (lint FILES, -c): yargs drops a bare `-` positional, so name it by path.
  const argv = typed.map((a) => (a === '-' ? STDIN_PATH : a));
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
          .option('max-warnings', { type: 'string', describe: 'exit 1 when more warnings than N' })
          .option('enable', { type: 'string', array: true, describe: 're-enable rules disabled in the rc file' })
          .option('disable', { type: 'string', array: true, describe: 'disable rules by code or name' })
          .option('rc', { type: 'string', describe: 'rc file (default .xendomainsrc.json under --root, else in the working directory)' })
          .option('fleet', { type: 'string', describe: 'a fleet file (JSON) naming several hosts to lint together' })
          .option('target', { type: 'string', describe: 'xl: also report what breaks or changes when these xm configs move to xl (XD5xxx)' }),
      async (args) => {
        const { runLint } = await import('./lint.js');
        await run(() => runLint(args as never))();
      },
    )
    .command(
      'convert [files..]',
      'write an xl.cfg for each xm config FILE (what has no faithful xl form is reported, never guessed)',
      (y) =>
        y
          .option('to', { type: 'string', describe: 'the target dialect: xl (the only one)' })
          .option('out-dir', { type: 'string', describe: 'write DIR/<file name> for each FILE' })
          .option('write', { type: 'boolean', describe: 'write FILE.xl beside each FILE (never over an existing file)' })
          .option('vmid', { type: 'number', describe: "the vmid xm create would get (vmid=N), for configs like xmexample2" })
          .option('format', { alias: 'f', type: 'string', describe: 'findings format: stylish | gcc | json | sarif | github | checkstyle' }),
      async (args) => {
        const { runConvert } = await import('./convert.js');
        await run(() => runConvert(args as never))();
      },
    )
    .command(
      'plan <verb>',
      'print the exact xm command plan for start, stop, restart or status (reads the host, changes nothing)',
      (y) =>
        y
          .positional('verb', { type: 'string', describe: 'start | stop | restart | status', demandOption: true })
          .option('state', { type: 'string', describe: 'captured `xm list -l` (SXP) or JSON snapshot; default: ask xm' })
          .option('xenstore-domid', { type: 'string', describe: 'xl hosts: the xenstore stub domain\'s id on the host --state was captured on (0: xenstored in dom0); default: xenstore-read, not asked with --state' })
          .option('format', { alias: 'f', type: 'string', describe: 'text | json | sh' })
          .option('out', { type: 'string', describe: 'also write the JSON plan to FILE (for apply)' })
          .option('fail-on', { type: 'string', describe: 'exit 1 when lint findings at or above this severity exist (default: only findings that make the plan unknowable)' }),
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
    .command(
      'rules',
      'list every lint rule',
      (y) => y.option('format', { alias: 'f', type: 'string', describe: 'text | json' }),
      async (args) => {
        const { runRules } = await import('./show.js');
        await run(() => runRules(args as never))();
      },
    )
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
          .option('xenstore-domid', { type: 'string', describe: 'xl hosts: the xenstore stub domain\'s id on the host --state was captured on (0: xenstored in dom0); default: xenstore-read, not asked with --state' })
          .option('generic', { type: 'boolean', describe: 'the host-independent unit (contrib/xendomains.service): TimeoutStopSec=infinity' }),
      async (args) => {
        const { runSystemdUnit } = await import('./systemd-unit.js');
        await run(() => runSystemdUnit(args as never))();
      },
    )
    .command(
      'completion [shell]',
      'print a completion script for bash (the default), zsh or fish',
      (y) => y.positional('shell', { type: 'string', describe: 'bash | zsh | fish' }),
      async (args) => {
        const { runCompletion } = await import('./completion.js');
        await run(() => runCompletion(args as never))();
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
    .demandCommand(1, 'give a command (see --help)')
    .strict()
    .version(toolVersion())
    .help()
    .alias('help', 'h')
    // Laying out help text costs ~15 ms at every start (yargs caches it per command): only when asked.
    .wrap(argv.includes('--help') || argv.includes('-h') ? Math.min(100, process.stdout.columns || 100) : null)
    .fail((message, error) => {
      // yargs' own validation failures (a .check, a missing argument) arrive as YError: usage, not a bug.
      if (error instanceof Error && error.name !== 'YError') throw error;
      throw new CliError(`${usageMessage(message, argv)}\nRun \`xendomains --help\` for usage.`, EXIT.usage);
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
      // Messages carry file names and xm's stderr: escaped like every other terminal output.
      process.stderr.write(`xendomains: ${displayText(error.message, '\n\t')}\n`);
      process.exitCode = error.exitCode;
    } else {
      // A bug, not bad input: say so plainly, without the stack unless asked for.
      process.stderr.write(`xendomains: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      if (process.env.XENDOMAINS_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
      process.exitCode = 70;
    }
  },
);
