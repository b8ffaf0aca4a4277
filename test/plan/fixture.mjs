// Builds planner inputs for the plan tests from plain descriptions: a sysconfig
// text, AUTO entries, the running domains, the SAVE entries, the lock; and
// planners that put every plan through the output checks.
import { spawnSync } from 'node:child_process';
import * as planner from '../../dist/src/plan/planner.js';
import { planSchemaErrors, planToJson, parsePlanJson } from '../../dist/src/plan/plan-json.js';
import { formatPlanSh } from '../../dist/src/report/plan-sh.js';
import { formatPlanText, displayWord } from '../../dist/src/report/plan-text.js';
import { compileSysconfig } from '../../dist/src/model/sysconfig-compile.js';
import { effectiveSettings } from '../../dist/src/model/settings.js';
import { compileDomainConfig } from '../../dist/src/model/domain-compile.js';
import { scanSaveDir } from '../../dist/src/plan/state.js';
import { lintModels } from '../../dist/src/lint/engine.js';
import { rules } from '../../dist/rules/index.js';

export const XM = '/usr/sbin/xm';

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

/** The sample with some variables replaced (value null: the line is removed). */
export function sysconfig(overrides = {}) {
  let text = SAMPLE;
  for (const [name, value] of Object.entries(overrides)) {
    const line = new RegExp(`^${name}=.*\\n`, 'm');
    const replacement = value === null ? '' : `${name}=${value}\n`;
    text = line.test(text) ? text.replace(line, replacement) : text + replacement;
  }
  return text;
}

const enc = new TextEncoder();

/** What `xm save` writes: signature, big-endian length, the domain's config SXP, then page data. */
export function imageBytes(name) {
  const body = enc.encode(`(domain (domid 9) (uuid 7b2f9e41-c6a3-4d85-b1e7-3a9c5d2f8e16) (vcpus 1) (name ${name}) (memory 256))`);
  const out = new Uint8Array(20 + body.length + 16);
  out.set(enc.encode('LinuxGuestRecord'), 0);
  new DataView(out.buffer).setUint32(16, body.length, false);
  out.set(body, 20);
  return out;
}

/**
 * auto: [{ file, text } | { file, kind: 'directory' | 'broken-symlink' | 'unreadable' }], in any order (sorted like the glob);
 * domains: [[id, name], …] in list order (Domain-0 is added first unless given);
 * saved: [{ name, image?: domainName, text?, dir? }].
 */
export function input({ config = SAMPLE, auto, autoDir = '/etc/xen/auto', domains = [], saved = [], lock = false, savePath } = {}) {
  const sysconfigModel = compileSysconfig(config, 'etc/sysconfig/xendomains');
  const settings = effectiveSettings(sysconfigModel);
  let entries;
  if (auto !== undefined && auto.length) {
    entries = [...auto]
      .sort((a, b) => Buffer.compare(Buffer.from(a.file), Buffer.from(b.file)))
      .map((e) => {
        const base = { hostPath: `${autoDir}/${e.file}`, file: `etc/xen/auto/${e.file}`, basename: e.file };
        if (e.kind) return { ...base, kind: e.kind };
        return { ...base, kind: 'config', model: compileDomainConfig(e.text, base.file, { basename: e.file }) };
      });
  }
  const list = domains.some(([id]) => id === 0) ? domains : [[0, 'Domain-0'], ...domains];
  const state = { source: 'json', problems: [], domains: list.map(([id, name]) => ({ id, name })) };
  const scanned = scanSaveDir(
    saved.map((s) => {
      if (s.dir) return { name: s.name, type: 'dir' };
      const head = s.image !== undefined ? imageBytes(s.image) : enc.encode(s.text ?? '');
      return { name: s.name, type: 'file', head, size: head.length };
    }),
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
    xm: XM,
    inputs: { 'etc/sysconfig/xendomains': 'a'.repeat(64) },
  };
}

/** A domain config text. */
export const cfg = (name) => `name = '${name}'\nmemory = 512\nkernel = '/boot/vmlinuz-xen'\n`;

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
