// xm simulator: `xm shutdown [-a] [-w] [-H|-R] [Domain]` (shutdown.py, 4.0).
// Each domain takes its fault's delayMs to go away (goneAt in the state); the
// command returns at once, or with --wait when all its domains are gone, printing
// `Domain X terminated` / `All domains terminated` on stdout as xm does.

import { optsParse, usageText, writeAll, xmError } from './sim-opts.mjs';
import {
  compareNames, delayOf, faultFor, hangForever, mustFind, readState, settle, sleep, updateState, viewState,
} from './sim-state.mjs';
import { argCheck, xendError } from './sim-commands.mjs';
import { xendBeforeShutdown, xendFinishIn } from './sim-xend.mjs';

const SPEC = [{ name: 'help', short: 'h' }, { name: 'all', short: 'a' }, { name: 'wait', short: 'w' },
  { name: 'halt', short: 'H' }, { name: 'reboot', short: 'R' }];

function mode(vals) {
  if (vals.halt && vals.reboot) throw xmError("Can't specify halt and reboot", { sysExit: true });
  return vals.halt ? 'halt' : vals.reboot ? 'reboot' : 'poweroff';
}

/** Marks the domains as shutting down (or rebooting) under the lock. */
function begin(file, targets, how) {
  if (targets.length === 0) return;
  updateState(file, (s) => {
    xendFinishIn(s, 'during-shutdown', targets.map((t) => t.d.name));
    const now = Date.now();
    for (const t of targets) {
      const d = s.domains.find((x) => x.id === t.d.id && x.name === t.d.name);
      if (!d) continue;
      if (how === 'reboot') {
        if (d.rebootAt === undefined) {
          d.rebootAt = now + t.delay;
          d.rebootId = s.nextId++;
        }
      } else {
        d.goneAt = Math.min(d.goneAt ?? Infinity, now + t.delay);
        d.shutdownMode = how;
      }
    }
  });
}

/** Polls the state until every target is gone (or rebooted), printing as xm does. */
function wait(file, targets, how) {
  const pending = new Map(targets.map((t) => [t.d.name, t.d]));
  while (pending.size) {
    const state = viewState(file);
    const now = Date.now();
    let next = Infinity;
    for (const [name, d] of pending) {
      const cur = state.domains.find((x) => x.name === name);
      const gone = !cur || (cur.id !== d.id && how !== 'reboot');
      const rebooted = how === 'reboot' && cur && cur.rebootAt === undefined;
      if (gone || rebooted) {
        writeAll(1, `Domain ${name} ${rebooted ? 'rebooted' : 'terminated'}\n`);
        pending.delete(name);
      } else {
        next = Math.min(next, (cur.goneAt ?? cur.rebootAt ?? Infinity) - now);
      }
    }
    if (pending.size) sleep(Math.max(2, Math.min(next, 50)));
  }
  writeAll(1, how === 'reboot' ? 'All domains rebooted\n' : 'All domains terminated\n');
  updateState(file, () => {}); // persist the departures
}

export function cmdShutdown(args, file) {
  argCheck(args, 'shutdown', 1, 4);
  const { vals, args: pos } = optsParse(args, SPEC, 'shutdown');
  if (vals.help) return usageText('shutdown');
  xendBeforeShutdown(file, settle(readState(file)));
  let doms;
  if (vals.all) {
    doms = settle(readState(file)).domains.filter((d) => d.id !== 0).sort(compareNames);
  } else {
    if (pos.length === 0) throw xmError('No domain parameter given', { sysExit: true });
    if (pos.length > 1) throw xmError('No multiple domain parameters allowed', { sysExit: true });
  }
  const how = mode(vals);
  const state = settle(readState(file));
  if (!vals.all) {
    const d = mustFind(state, pos[0]);
    if (d.id === 0) throw xendError('Domain 0 cannot be shutdown', 'shutdown');
    doms = [d];
  }
  // xm asks xend once per domain, in order: a fault stops the loop there.
  const targets = [];
  for (const d of doms) {
    const fault = faultFor(state, d.name, 'shutdown');
    if (fault.hang) {
      begin(file, targets, how);
      hangForever();
    }
    if (fault.fail !== undefined) {
      begin(file, targets, how);
      sleep(delayOf(fault));
      throw xendError(String(fault.fail), 'shutdown');
    }
    targets.push({ d, delay: delayOf(fault) });
  }
  begin(file, targets, how);
  if (vals.wait) wait(file, targets, how);
  return '';
}
