// `xendomains systemd-unit`: prints the systemd unit (contrib/xendomains.service is
// the `--generic` output) with TimeoutStopSec computed from this host's worst-case
// stop plan, so systemd never kills a stop the config legitimately needs.

import { resolve } from 'node:path';
import { gatherPlanInput, resolveToolstackCommand } from '../host/plan-input.js';
import { toolstackOf } from '../plan/toolstacks.js';
import { loadHost } from '../host/load.js';
import { effectiveSettings } from '../model/settings.js';
import type { PlanInput } from '../plan/planner.js';
import { stopWorstCase, unboundedPhases } from '../plan/worst-case.js';
import { CliError, EXIT, oneRoot, toolVersion, xenstoreDomidOption, type GlobalOptions } from './common.js';
import { toolstackOption } from './toolstack.js';

export interface SystemdUnitOptions extends GlobalOptions {
  xendomainsPath?: string;
  state?: string;
  generic?: boolean;
}

export const DEFAULT_BIN = '/usr/bin/xendomains';

/** Seconds added to the worst case: the executor's own work and each watchdog's SIGTERM→SIGKILL grace. */
export function stopMargin(worstSeconds: number): number {
  return Math.max(60, Math.ceil(worstSeconds * 0.1));
}

/** One word of an Exec line, quoted the way systemd.service(5) reads it. */
export function systemdWord(word: string): string {
  const escaped = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(escaped) ? escaped : `"${escaped.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export interface UnitParts {
  exec: string[];
  /** xl: ordered on (and requiring) xenstored and the /proc/xen mount as the upstream xl-era unit is; xm also after xend. */
  toolstack?: 'xm' | 'xl';
  /** Comment lines (without `# `) above the unit, saying where the timeout came from. */
  header: string[];
  timeoutStop: string;
  /** Comment lines right above TimeoutStopSec. */
  timeoutWhy: string[];
}

export function renderUnit(p: UnitParts): string {
  const cmd = (verb: string) => [...p.exec, verb].map(systemdWord).join(' ');
  const comment = (lines: string[]) => lines.map((l) => `# ${l}`.trimEnd());
  return [
    '# xendomains.service: restores and starts the Xen guests of this host at boot, and',
    '# migrates, saves or shuts them down at shutdown (a drop-in for /etc/init.d/xendomains).',
    '# Install: copy to /etc/systemd/system/, then `systemctl daemon-reload && systemctl enable xendomains`.',
    ...comment(p.header),
    '',
    '[Unit]',
    'Description=Xendomains: start and stop Xen guests at boot and shutdown',
    'Documentation=man:xendomains(8) https://github.com/xendomains/xendomains',
    ...(p.toolstack === 'xl'
      ? [
          '# The xl toolstack (Xen 4.5+): xl needs xenstored and the /proc/xen mount, as in the upstream unit;',
          '# they and the dom0 set-up start before xendomains and, at shutdown, stop after it.',
          'Requires=proc-xen.mount xenstored.service',
          'After=proc-xen.mount xenstored.service xenconsoled.service xen-init-dom0.service',
        ]
      : [
          '# The toolstack, xend (Xen 4.0-4.4, xm) or xenstored/xenconsoled (4.5+), and dom0 set-up:',
          '# started before xendomains and, at shutdown, stopped after it.',
          'After=proc-xen.mount xenstored.service xenconsoled.service xen-init-dom0.service xend.service',
        ]),
    '# Stop runs in the reverse of start order: being ordered after the network and storage, xendomains',
    '# stops (migrates, saves, shuts down guests) before the network and remote storage go away.',
    'Wants=network-online.target',
    'After=network.target network-online.target remote-fs.target nfs-client.target',
    'After=iscsi.service iscsid.service open-iscsi.service multipathd.service',
    'ConditionPathExists=/proc/xen/capabilities',
    '',
    '[Service]',
    'Type=oneshot',
    'RemainAfterExit=yes',
    `ExecStart=${cmd('start')}`,
    `ExecStop=${cmd('stop')}`,
    '# reload is the reference script\'s restart: every guest is stopped, then started again.',
    `ExecReload=${cmd('reload')}`,
    '# On a timeout SIGTERM goes to xendomains only: it finishes the domain in hand and records',
    `# what was done; the ${p.toolstack ?? 'xm'} commands it runs are killed only with the final SIGKILL.`,
    'KillMode=mixed',
    `# ${p.toolstack ?? 'xm'} create and ${p.toolstack ?? 'xm'} restore run without a watchdog, as in the reference script: boot waits for them.`,
    'TimeoutStartSec=infinity',
    ...comment(p.timeoutWhy),
    `TimeoutStopSec=${p.timeoutStop}`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

const GENERIC: Omit<UnitParts, 'exec'> = {
  header: ['This is the host-independent unit: `xendomains systemd-unit` prints one whose', 'TimeoutStopSec is computed from the host\'s own configuration.'],
  timeoutStop: 'infinity',
  timeoutWhy: [
    'Every xm migrate/save/shutdown is bounded by XENDOMAINS_STOP_MAXWAIT, but the total depends on',
    'the number of guests: run `xendomains systemd-unit` on the host for a bound computed from its config.',
  ],
};

const list = (names: string[]) => (names.length > 6 ? `${names.slice(0, 6).join(', ')}, …` : names.join(', '));

export async function hostUnitParts(all: SystemdUnitOptions): Promise<Omit<UnitParts, 'exec'>> {
  const options = oneRoot(all);
  const toolstack = toolstackOption(options);
  const gathered = await gatherPlanInput({ ...options, toolstack, xenstoreDomid: xenstoreDomidOption(options) });
  let input: PlanInput;
  let from: string;
  let sysconfigFile: string;
  if (gathered.ok) {
    input = gathered.input;
    from = `running domains from ${gathered.stateSource}`;
    sysconfigFile = gathered.host.sysconfig!.file;
  } else if (gathered.reason === 'state' && !options.state) {
    // No xm here (e.g. generated on a build machine): estimate from the AUTO configs alone.
    const host = loadHost({ root: options.root, config: options.config, dialect: toolstack });
    if (!host.sysconfig) throw new CliError(gathered.message, EXIT.unreadable);
    const settings = effectiveSettings(host.sysconfig);
    input = {
      settings,
      auto: host.auto && host.auto.length ? host.auto : undefined,
      saved: [],
      savePath: settings.XENDOMAINS_SAVE.value ?? '',
      state: { domains: [{ id: 0, name: 'Domain-0' }], source: 'json', problems: [] },
      lockPresent: false,
      xm: resolveToolstackCommand({ toolstack, xm: options.xm, xl: options.xl }),
      inputs: {},
      toolstack: toolstackOf(toolstack),
    };
    from = `no host state (${gathered.message.replace(/ \(give the x[ml] path.*\)$/, '')}): estimated from the AUTO configs alone`;
    sysconfigFile = host.sysconfig.file;
  } else {
    throw new CliError(gathered.message, EXIT.unreadable);
  }
  const worst = stopWorstCase(input);
  const { plan, added, domains: domUs } = worst;
  const header = [
    `Generated by \`xendomains systemd-unit\` ${toolVersion()} from ${sysconfigFile};`,
    `${from}.`,
    `Stop estimated for ${domUs.length} domain${domUs.length === 1 ? '' : 's'}: ${list(domUs)}.`,
  ];
  if (added.length && gathered.ok) header.push(`Not running now but counted, as they may be at shutdown: ${list(added)}.`);
  if (added.includes('domain-1')) header.push('No domain is running or in XENDOMAINS_AUTO: estimated for one (domain-1).');
  if (worst.seconds === null) {
    // Only what really has no bound is named: the steps the plan runs without a watchdog, and why.
    const why = plan.notes.find((n) => n.message.startsWith('worst case unbounded'))?.message ?? 'a stop step runs without a watchdog';
    const maxwait = input.settings.XENDOMAINS_STOP_MAXWAIT.value;
    const cause = maxwait === null ? 'XENDOMAINS_STOP_MAXWAIT is unset' : `XENDOMAINS_STOP_MAXWAIT=${JSON.stringify(maxwait)} gives no watchdog`;
    return {
      header,
      timeoutStop: 'infinity',
      timeoutWhy: [
        `No finite bound: ${why}`,
        `(${unboundedPhases(worst).join(', ')}: ${cause}). systemd must not kill xendomains while it saves`,
        'guests, so it waits without limit; set XENDOMAINS_STOP_MAXWAIT and re-run `xendomains systemd-unit`.',
      ],
    };
  }
  const seconds = Math.ceil(worst.seconds);
  const margin = stopMargin(seconds);
  return {
    header,
    timeoutStop: String(seconds + margin),
    timeoutWhy: [
      `Worst-case stop: ${seconds} s (every watchdog fires, ${plan.steps.length} steps in ${plan.lanes} lane${plan.lanes === 1 ? '' : 's'}) + ${margin} s margin.`,
      'Re-run `xendomains systemd-unit` after changing the config or the number of guests.',
    ],
  };
}

export async function runSystemdUnit(options: SystemdUnitOptions): Promise<number> {
  const bin = options.xendomainsPath ?? DEFAULT_BIN;
  if (!bin.startsWith('/')) throw new CliError(`--xendomains-path must be absolute (systemd requires it): "${bin}"`, EXIT.badOption);
  // --config names the host's file for the unit's commands too; under --root it is a path in the tree.
  const toolstack = toolstackOption(options);
  const exec = options.config && !options.root && !options.generic ? [bin, '--config', resolve(options.config)] : [bin];
  // The unit's commands must drive the same toolstack (and xl binary) the unit was made for.
  if (toolstack === 'xl') exec.push('--toolstack', 'xl', ...(options.xl ? ['--xl', resolve(options.xl)] : []));
  const parts = options.generic ? GENERIC : await hostUnitParts(options);
  process.stdout.write(renderUnit({ exec, toolstack, ...parts }));
  return EXIT.ok;
}
