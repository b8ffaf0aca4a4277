// The xl (Xen 4.5+) command syntax the xl-era script uses (spec
// xl-xendomains.md §9): shutdown options BEFORE the domid, migrate words after
// it, JSON names, `Xen saved domain, xl format` images, the xenstore domain
// left alone. What the reference's dry-run parsing makes of a config (X5, X6)
// and which option words xl refuses (X13, X16) are here too; planning is planner.ts.

import { nameUnknowable, type DomainConfigModel } from '../model/domain.js';
import { xmLookalikeHint } from '../model/dialect-guess.js';
import { nestedConfigNames } from '../model/xl-device-names.js';
import { xlSaveImage } from '../model/host-state.js';
import { XM_MIGRATE_OPTIONS, xlShutdownWordOk } from '../model/xl-command-words.js';
import { xlShell } from './toolstack-xl-sh.js';
import type { Toolstack, ToolstackRemark } from './types.js';


/** xl requires `name` (X6): a name taken from the file name is xm's default, not xl's. */
function explicitName(model: DomainConfigModel): string | undefined {
  return model.name?.source === 'name' ? model.name.value : undefined;
}

/** A string as the dry run's JSON prints it between the quotes (the reference keeps the escapes, §4.2). */
function jsonInner(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}


function shutdownRemark(phase: 'shutdown' | 'shutdown-all', args: readonly string[]): ToolstackRemark | undefined {
  const refused = args.filter((w) => w.startsWith('-') && !xlShutdownWordOk(w));
  if (refused.length) {
    return {
      quirk: 'X13',
      message: `xl shutdown knows only -w/--wait, -F and -a/--all: ${refused.join(' ')} makes every ${phase === 'shutdown' ? 'per-domain shutdown' : 'final shutdown of all domains'} fail with exit 2 (an xm-era sysconfig; XENDOMAINS_SHUTDOWN${phase === 'shutdown-all' ? '_ALL' : ''})`,
    };
  }
  const all = (w: string) => (w.startsWith('--') && w.length >= 3 && 'all'.startsWith(w.slice(2))) || (/^-[awFh]+$/.test(w) && w.includes('a'));
  if (phase === 'shutdown-all' && !args.some(all)) {
    return { quirk: 'X13', message: 'XENDOMAINS_SHUTDOWN_ALL has no -a/--all: xl shutdown fails with "You must specify -a or a domain id."' };
  }
  return undefined;
}

function migrateRemark(args: readonly string[]): ToolstackRemark | undefined {
  const xmOnly = args.filter((w) => XM_MIGRATE_OPTIONS.has(w));
  if (xmOnly.length) {
    return { quirk: 'X16', message: `xl migrate reads ${xmOnly.join(' ')} otherwise than xm did (an error, "pause", or the ssh command): XENDOMAINS_MIGRATE is an xm-era value` };
  }
  const hosts = args.filter((w) => !w.startsWith('-'));
  if (hosts.length > 1) return { quirk: 'X16', message: `xl migrate takes one target host; ${hosts.slice(1).join(' ')} ${hosts.length > 2 ? 'are' : 'is'} ignored` };
  return undefined;
}

export const xlToolstack: Toolstack = {
  name: 'xl',
  sysrq: (xl, domid, key) => [xl, 'sysrq', String(domid), key],
  migrate: (xl, domid, args) => [xl, 'migrate', String(domid), ...args],
  save: (xl, domid, file) => [xl, 'save', String(domid), file],
  // Since 29be730e/14c081c8 the options come before the domid (§9.1).
  shutdown: (xl, domid, args) => [xl, 'shutdown', ...args, String(domid)],
  shutdownAll: (xl, args) => [xl, 'shutdown', ...args],
  create: (xl, config) => [xl, 'create', '--quiet', '--defconfig', config],
  restore: (xl, image) => [xl, 'restore', image],
  // JSON strings are plain, and the script's `read` undoes the escapes (§4.5): the listed name is the name.
  listedName: (name) => name,
  configName: explicitName,
  referenceName: (model) => {
    const name = explicitName(model);
    return name === undefined ? '' : [name, ...nestedConfigNames(model)].map(jsonInner).join('\n');
  },
  unnamedRemark: (model, file) => {
    const broken = model.problems.find((p) => p.kind === 'xl-syntax' || p.kind === 'syntax' || p.kind === 'python-code');
    if (broken || nameUnknowable(model)) {
      const lookalike = xmLookalikeHint(model);
      return { quirk: 'Q22', message: `xl cannot read ${file}${broken ? ` (${broken.message})` : ''}: its dry run fails, so the reference never counts it as running and runs xl create, which fails; we do not (X7)${lookalike ? `; ${lookalike}` : ''}` };
    }
    return { quirk: 'X6', message: `${file} sets no \`name\`: xl refuses it ("Domain name must be specified."), so we do not run xl create; the reference runs it and it fails` };
  },
  wordsRemark: (phase, args) => (phase === 'migrate' ? migrateRemark(args) : shutdownRemark(phase, args)),
  stopRemarks: (domain, savePath) => {
    const out: ToolstackRemark[] = [];
    if (/\s/.test(domain.name) && savePath) {
      out.push({ quirk: 'X17', message: `${JSON.stringify(domain.name)} holds a blank: we save to ${savePath}/${domain.name} as one argument; the reference's unquoted path splits, xl save fails and it falls through to shutdown` });
    }
    for (const nested of domain.nestedNames ?? []) {
      out.push({ quirk: 'X5', message: `the reference runs its stop body for domain ${domain.id} a second time under the device name ${JSON.stringify(nested)} (a nested "name" in xl list -l); those calls fail after the domain is gone; we stop ${domain.name} once` });
    }
    return out;
  },
  saveImage: xlSaveImage,
  imageQuirk: 'X11',
  // Element ids are at 8 spaces in JSON (`c_info.domid` at 16 is not one), `(domid N)` in xl's SXP (output_format="sxp").
  // If the listing fails we cannot tell, so answer "yes": a needless shutdown-all beats a guest left running.
  // JSON (the last key of an object has no comma) or xl's SXP; a nested device `name` matching too only errs towards "listed".
  listedLines: (domid, name) => [
    `"domid": ${domid},`, `"domid": ${domid}`, `(domid ${domid})`,
    ...(name === undefined ? [] : [`"name": ${JSON.stringify(name)},`, `"name": ${JSON.stringify(name)}`, `(name ${name})`]),
  ],
  domUsRemainShell: (xlQuoted, xenstoreDomid) =>
    `xd_list=$(${xlQuoted} list -l 2>/dev/null) || return 0\n  printf '%s\\n' "$xd_list" | sed -n -e 's/^        "domid": \\([0-9][0-9]*\\),\\{0,1\\}$/\\1/p' -e 's/^[[:space:]]*(domid \\([0-9][0-9]*\\))$/\\1/p' | grep -Evq '^(0${xenstoreDomid === undefined ? '' : `|${xenstoreDomid}`})$'`,
  // The xenstore stub domain (§4.4): never stopped; the read fails when xenstored runs in dom0.
  stubDomainCommand: ['xenstore-read', '/tool/xenstored/domid'],
  shell: xlShell,
};
