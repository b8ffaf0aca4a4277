// Shared checks for XENDOMAINS_SHUTDOWN and XENDOMAINS_SHUTDOWN_ALL: both are
// word-split into `xm shutdown` options, so they fail the same ways.

import { words } from '../model/settings.js';
import type { Setting } from '../model/settings.js';
import type { LintContext } from './rule.js';
import { parseXmOptions, SHUTDOWN_OPTIONS, type ParsedWords } from './xm-options.js';

/** Reports option errors common to both variables and returns the parse for the caller's own checks. */
export function checkShutdownWords(ctx: LintContext, setting: Setting): ParsedWords | undefined {
  const a = setting.assignment;
  if (!a || !setting.value) return undefined;
  const parsed = parseXmOptions(words(setting.value), SHUTDOWN_OPTIONS);
  const has = (long: string) => parsed.options.some((o) => o.spec.long === long);
  for (const error of parsed.errors) ctx.report(a.valueSpan, `xm shutdown: ${error}`);
  if (has('help')) ctx.report(a.valueSpan, `${a.name} contains -h/--help: xm prints the shutdown usage and exits 1, so nothing is shut down`);
  if (has('halt') && has('reboot')) ctx.report(a.valueSpan, `${a.name} has both --halt and --reboot: xm refuses with "Can't specify halt and reboot"`);
  else if (has('reboot')) ctx.report(a.valueSpan, `${a.name} has --reboot: the guests reboot while dom0 shuts down, and are killed when the hypervisor goes; use --halt`);
  return parsed;
}
