// Builds planner inputs for the plan tests from plain descriptions, on xm or xl
// hosts: a sysconfig text (each toolstack's shipped sample), AUTO entries (xm's
// Python or xl.cfg), the running domains, the SAVE entries (each toolstack's save
// images), the lock; and planners that put every plan through the output checks.
import { spawnSync } from 'node:child_process';
import * as planner from '../../dist/src/plan/planner.js';
import { planSchemaErrors, planToJson, parsePlanJson } from '../../dist/src/plan/plan-json.js';
import { formatPlanSh } from '../../dist/src/report/plan-sh.js';
import { formatPlanText, displayWord } from '../../dist/src/report/plan-text.js';
import { compileSysconfig } from '../../dist/src/model/sysconfig-compile.js';
import { effectiveSettings } from '../../dist/src/model/settings.js';
import { compileDomainConfig } from '../../dist/src/model/domain-compile.js';
import { compileXlConfig } from '../../dist/src/model/xlcfg-compile.js';
import { scanSaveDir } from '../../dist/src/model/host-state.js';
import { toolstackOf } from '../../dist/src/plan/toolstacks.js';
import { lintModels } from '../../dist/src/lint/engine.js';
import { rules } from '../../dist/rules/index.js';

export const XM = '/usr/sbin/xm';
export const XL = '/usr/sbin/xl';

/** The sample config as shipped with Xen 4.0 (spec §2 "Shipped value"). */
export const SAMPLE = `XENDOMAINS_SYSRQ=""
XENDOMAINS_USLEEP=100000
XENDOMAINS_CREATE_USLEEP=5000000
XENDOMAINS_MIGRATE=""
XENDOMAINS_SAVE=/var/lib/xen/save
XENDOMAINS_SHUTDOWN="--halt --wait"
XENDOMAINS_SHUTDOWN_ALL="--all --halt --wait"
XENDOMAINS_RESTORE=true
XENDOMAINS_AUTO=/etc/xen/auto
XENDOMAINS_AUTO_ONLY=false
XENDOMAINS_STOP_MAXWAIT=300
`;

/** The text with some variables replaced (value null: the line is removed). */
function withValues(text, overrides) {
  for (const [name, value] of Object.entries(overrides)) {
    const line = new RegExp(`^${name}=.*\\n`, 'm');
    const replacement = value === null ? '' : `${name}=${value}\n`;
    text = line.test(text) ? text.replace(line, replacement) : text + replacement;
  }
  return text;
}

/** The xl-era sample (tools/hotplug/Linux/init.d/sysconfig.xendomains.in, spec xl-xendomains.md §3): xl's shutdown words, AUTO_ONLY on. */
export const XL_SAMPLE = withValues(SAMPLE, { XENDOMAINS_SHUTDOWN: '"--wait"', XENDOMAINS_SHUTDOWN_ALL: '"--all --wait"', XENDOMAINS_AUTO_ONLY: 'true' });

const SAMPLES = { xm: SAMPLE, xl: XL_SAMPLE };

/** The toolstack's sample with some variables replaced (value null: the line is removed). */
export const sysconfig = (overrides = {}, toolstack = 'xm') => withValues(SAMPLES[toolstack], overrides);

export const xlSysconfig = (overrides) => sysconfig(overrides, 'xl');

const enc = new TextEncoder();

/** The head of a save image of the toolstack's format, for a domain NAME. */
export const imageBytes = (name, toolstack = 'xm') => (toolstack === 'xl' ? xlImageBytes(name) : xmImageBytes(name));

/** What `xm save` writes: signature, big-endian length, the domain's config SXP, then page data. */
function xmImageBytes(name) {
  const body = enc.encode(`(domain (domid 9) (uuid 7b2f9e41-c6a3-4d85-b1e7-3a9c5d2f8e16) (vcpus 1) (name ${name}) (memory 256))`);
  const out = new Uint8Array(20 + body.length + 16);
  out.set(enc.encode('LinuxGuestRecord'), 0);
  new DataView(out.buffer).setUint32(16, body.length, false);
  out.set(body, 20);
  return out;
}

export const MAGIC = 'Xen saved domain, xl format\n \0 \r';

/** What `xl save` writes: the 32-byte magic, byte order, flags, the config JSON and its NUL, then stream bytes. */
export function xlImageBytes(name, { magic = MAGIC, flags = 3, config } = {}) {
  const json = enc.encode(config ?? `{\n    "c_info": {\n        "type": "pv",\n        "name": ${JSON.stringify(name)},\n        "uuid": "7b2f9e41-c6a3-4d85-b1e7-3a9c5d2f8e16"\n    }\n}\n`);
  const out = new Uint8Array(52 + json.length + 1 + 16);
  out.set(enc.encode(magic).subarray(0, 32), 0);
  const v = new DataView(out.buffer);
  v.setUint32(32, 0x01020304, true);
  v.setUint32(36, flags, true);
  v.setUint32(40, 0, true);
  v.setUint32(44, 4 + json.length + 1, true);
  v.setUint32(48, json.length + 1, true);
  out.set(json, 52);
  out.set(enc.encode('LibxlFmt'), 52 + json.length + 1);
  return out;
}

/**
 * auto: [{ file, text } | { file, kind: 'directory' | 'broken-symlink' | 'unreadable' }], in any order (sorted like the glob),
 * compiled as the toolstack's config language (xl.cfg has no file-name default for `name`);
 * domains: [[id, name, nestedNames?], …] in list order (Domain-0 is added first unless given; nested
 * names, as in a channel device, only in `xl list -l`);
 * saved: [{ name, image?: domainName (an image of the toolstack's format), bytes?: head, text?, dir? }];
 * xenstoreDomid: as xenstore-read would answer (xl). config defaults to the toolstack's sample.
 */
export function input({ toolstack = 'xm', config = SAMPLES[toolstack], auto, autoDir = '/etc/xen/auto', domains = [], saved = [], lock = false, savePath, xenstoreDomid } = {}) {
  const ts = toolstackOf(toolstack);
  const sysconfigModel = compileSysconfig(config, 'etc/sysconfig/xendomains');
  const settings = effectiveSettings(sysconfigModel);
  let entries;
  if (auto !== undefined && auto.length) {
    entries = [...auto]
      .sort((a, b) => Buffer.compare(Buffer.from(a.file), Buffer.from(b.file)))
      .map((e) => {
        const base = { hostPath: `${autoDir}/${e.file}`, file: `etc/xen/auto/${e.file}`, basename: e.file };
        if (e.kind) return { ...base, kind: e.kind };
        const model = toolstack === 'xl' ? compileXlConfig(e.text, base.file) : compileDomainConfig(e.text, base.file, { basename: e.file });
        return { ...base, kind: 'config', model };
      });
  }
  const list = domains.some(([id]) => id === 0) ? domains : [[0, 'Domain-0'], ...domains];
  const state = { source: toolstack === 'xl' ? 'xl-json' : 'json', problems: [], domains: list.map(([id, name, nested]) => (nested ? { id, name, nestedNames: nested } : { id, name })) };
  if (xenstoreDomid !== undefined) state.xenstoreDomid = xenstoreDomid;
  const scanned = scanSaveDir(
    saved.map((s) => {
      if (s.dir) return { name: s.name, type: 'dir' };
      const head = s.image !== undefined ? imageBytes(s.image, toolstack) : s.bytes ?? enc.encode(s.text ?? '');
      return { name: s.name, type: 'file', head, size: head.length };
    }),
    ts.saveImage,
  );
  // Not a planner input: what lint of the same host sees, for the plan-note cross-check in checked().
  Object.defineProperty(scanned, LINT_INPUT, {
    value: { sysconfig: sysconfigModel, domains: (entries ?? []).flatMap((e) => (e.model ? [e.model] : [])), auto: entries, saveDir: scanned },
  });
  return {
    settings,
    auto: entries,
    saved: scanned,
    savePath: savePath ?? settings.XENDOMAINS_SAVE.value ?? '',
    state,
    lockPresent: lock,
    xm: toolstack === 'xl' ? XL : XM,
    toolstack: ts,
    inputs: { 'etc/sysconfig/xendomains': 'a'.repeat(64) },
  };
}

/** A domain config text (xm: Python). */
export const cfg = (name) => `name = '${name}'\nmemory = 512\nkernel = '/boot/vmlinuz-xen'\n`;

/** An xl.cfg text; no `name` line when name is undefined. */
export const xlcfg = (name, extra = '') => `${name === undefined ? '' : `name = "${name}"\n`}type = "pv"\nmemory = 512\nkernel = "/boot/vmlinuz"\n${extra}`;

/** input() for an xl host. */
export const xlInput = (options = {}) => input({ ...options, toolstack: 'xl' });

/** The plan's command lines, one string per step (argv words joined by one space). */
export const lines = (plan) => plan.steps.map((s) => s.argv.join(' '));

/** Expected command lines written as in a shell transcript; each becomes an argv by splitting on spaces. */
export const argvs = (...commands) => commands.map((c) => c.split(' '));

export const quirks = (plan) => plan.notes.filter((n) => n.kind === 'divergence').map((n) => n.quirk);

// Every plan a golden test makes also goes through the output checks: the same
// input gives the same JSON, the JSON is schema-valid and reads back equal, the
// sh output parses with `sh -n`, and the text output shows every command.

export let checkedPlans = 0;
const LINT_INPUT = Symbol('lint input');

/** Every rule a plan note cites (`… (XD4006)`, `…; XD4005)`) must be among lint's findings for the same host. */
function checkNotesAgainstLint(plan, inp) {
  const cited = new Set(plan.notes.flatMap((n) => [...n.message.matchAll(/\bXD\d{4}\b/g)].map((m) => m[0])));
  const lintInput = inp.saved?.[LINT_INPUT];
  if (!cited.size || !lintInput) return;
  const found = new Set(lintModels(lintInput, { rules }).map((d) => d.code));
  for (const code of cited) {
    if (!found.has(code)) throw new Error(`a plan note cites ${code}, but lint of the same host does not report it:\n${plan.notes.map((n) => n.message).join('\n')}`);
  }
}

export function checked(make, inp) {
  const plan = make(inp);
  const json = planToJson(plan);
  if (planToJson(make(inp)) !== json) throw new Error('the same input gave a different plan');
  const errors = planSchemaErrors(JSON.parse(json));
  if (errors.length) throw new Error(`plan does not match schema/plan.schema.json:\n${errors.join('\n')}`);
  const back = parsePlanJson(json, 'plan.json');
  if (!back.ok) throw new Error(`plan does not read back: ${back.errors.join('; ')}`);
  if (JSON.stringify(back.plan) !== JSON.stringify(plan)) throw new Error('plan read back differs');
  const sh = spawnSync('sh', ['-n'], { input: formatPlanSh(plan), encoding: 'utf8' });
  if (sh.status !== 0) throw new Error(`sh -n rejects the script: ${sh.stderr}`);
  const text = formatPlanText(plan);
  for (const s of plan.steps) {
    if (!text.includes(s.argv.map(displayWord).join(' '))) throw new Error(`text output lacks step ${s.id}`);
  }
  checkNotesAgainstLint(plan, inp);
  checkedPlans++;
  return plan;
}

export const planStart = (inp) => checked(planner.planStart, inp);
export const planStop = (inp) => checked(planner.planStop, inp);
export const planRestart = (inp) => checked(planner.planRestart, inp);
export const planStatus = (inp) => checked(planner.planStatus, inp);
