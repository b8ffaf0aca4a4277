// The xm → xl migration of one xm domain config (spec xl-cfg §12, xm-keys.json):
// what breaks or silently changes under xl (issues, each tagged with its XD5xxx
// rule) and what each variable becomes in xl.cfg (actions). Pure: the XD5xxx rules
// report the issues; `convert` writes the actions (render.ts) and reports the issues
// it could not resolve. Nothing is guessed: what has no faithful xl form stays unresolved.

import type { DomainAssignment, DomainConfigModel, PyValue, UnknownVariable } from '../model/domain.js';
import { parseDiskSpec, parseVfbSpec, parseVifSpec } from '../model/domain-values.js';
import type { Span } from '../model/span.js';
import { memo } from '../lint/memo.js';
import { isWritable, isXlKey, isXlLiteral, xlInteger, xlText, type XlValue } from './xl-literal.js';
import { XL_OPTIONS, XM_KEY_FATES } from '../model/xl-options.js';
import domainSchema from '../../schema/domain.schema.json' with { type: 'json' };

/** The XD5xxx rule codes, one per problem class. */
export const MIGRATION = {
  pythonCode: 'XD5001',
  expression: 'XD5002',
  droppedValue: 'XD5003',
  invalidKey: 'XD5004',
  builder: 'XD5005',
  missingName: 'XD5006',
  disk: 'XD5007',
  diskPrefix: 'XD5008',
  vif: 'XD5009',
  kernelArgs: 'XD5010',
  bootloader: 'XD5011',
  cpus: 'XD5012',
  renamed: 'XD5013',
  ignoredKey: 'XD5014',
  hvmBoilerplate: 'XD5015',
  integerEnum: 'XD5016',
  lineEndings: 'XD5017',
  device: 'XD5018',
} as const;

export interface MigrationIssue {
  code: string;
  span: Span;
  message: string;
  /** `convert` writes an equivalent xl form; false: it cannot, and says so. */
  resolved: boolean;
}

/** What one xm assignment becomes in the xl file. */
export type KeyAction =
  | { kind: 'write'; keys: Array<{ key: string; value: XlValue }>; note?: string }
  /** Removed: xl has no use for it (the note says why). */
  | { kind: 'drop'; note: string }
  /** No faithful xl form: the original is kept as a comment, with an issue. */
  | { kind: 'unresolved'; note: string };

export interface Migration {
  issues: MigrationIssue[];
  /** For the final assignment of each variable. Earlier assignments of a variable are dropped. */
  actions: Map<DomainAssignment, KeyAction>;
  /** Keys to add before everything else (name). */
  prepend: Array<{ key: string; value: XlValue; note: string }>;
  /** Keys to add at the end (a kernel command line built from ip/dhcp/… when there was no extra). */
  append: Array<{ key: string; value: XlValue; note: string }>;
}

/** What becomes of each xm variable (spec xm-keys.json), and the keys xl reads (options.json). */
const XM_KEYS = new Map(XM_KEY_FATES.map((k) => [k.xm, k]));
const XL_KEYS = new Set(XL_OPTIONS.map((o) => o.name));
const XM_OPTIONS = new Set(Object.keys(domainSchema.properties));

/** Ignored xm keys whose loss changes the guest: convert cannot drop them quietly. */
const LOSSY = new Set(['vscsi', 'vusb', 'access_control', 'fda', 'fdb', 'parallel', 'monitor', 'monitor_path', 'features', 'memory_sharing',
  'superpages', 'machine_address_size', 'suppress_spurious_page_faults', 'cpuid_check', 'vhpt', 'isa', 's3_integrity', 'target',
  'blkif', 'netif', 'tpmif', 'restart', 'paused']);
/** Keys with a rule of their own (not XD5014 ignored-key). */
const KERNEL_ARGS = ['ip', 'gateway', 'netmask', 'hostname', 'interface', 'dhcp', 'nfs_server', 'nfs_root'];
const OWN_RULE = new Set([...KERNEL_ARGS, 'cpu', 'vcpu_avail', 'cpu_cap', 'irq', 'bootargs', 'bootentry', 'device_model', 'loader', 'nics', 'vif2',
  'vscsi', 'vusb', 'access_control']);

const TSC_MODES = ['default', 'always_emulate', 'native', 'native_paravirt'];
const TIMER_MODES = ['delay_for_missed_ticks', 'no_delay_for_missed_ticks', 'no_missed_ticks_pending', 'one_missed_tick_pending'];

const SLOT = Symbol('xm → xl migration');

export interface MigrateOptions {
  /** The model was compiled with a `vmid` (xm create's `vmid=N`): xm_vars declarations then only served it. */
  vmidGiven?: boolean;
}

/** The migration of `model` (memoised without options: every XD5xxx rule asks). */
export function migrationOf(model: DomainConfigModel, options: MigrateOptions = {}): Migration {
  return options.vmidGiven ? migrate(model, options) : memo(SLOT, model, (m) => migrate(m, {}));
}

/** `def f` and `xm_vars.…(…)` statements that only declare and check xm create's `vmid`. */
function servesVmid(model: DomainConfigModel, span: Span, xmVarsSpans: Span[]): boolean {
  const source = model.text.slice(span.start.offset, span.end.offset);
  if (/^xm_vars\./.test(source)) return true;
  const def = /^def\s+([A-Za-z_]\w*)/.exec(source);
  if (!def) return false;
  const uses = [...model.text.matchAll(new RegExp(`\\b${def[1]}\\b`, 'g'))].map((x) => x.index!);
  return uses.every((at) => at === span.start.offset + source.indexOf(def[1]!) || xmVarsSpans.some((s) => s.start.offset <= at && at < s.end.offset));
}

/** The variables the code at `span` may set, when there are some and none is a setting xm or xl reads (and no later value depends on them). */
function helpersOnly(model: DomainConfigModel, span: Span): string[] | undefined {
  const unknown = [...(model.unknown ?? new Map<string, UnknownVariable>())];
  const set = unknown.filter(([, u]) => u.span.start.offset < span.end.offset && span.start.offset < u.span.end.offset).map(([name]) => name);
  if (set.length === 0 || set.some((name) => XM_OPTIONS.has(name) || XL_KEYS.has(name))) return undefined;
  if (unknown.some(([name]) => XM_OPTIONS.has(name) || XL_KEYS.has(name))) return undefined;
  return set;
}

function migrate(model: DomainConfigModel, options: MigrateOptions): Migration {
  const m: Migration = { issues: [], actions: new Map(), prepend: [], append: [] };
  if (model.dialect === 'xl') return m; // already xl.cfg
  const issue = (code: string, span: Span, message: string, resolved: boolean) => m.issues.push({ code, span, message, resolved });
  const src = (span: Span) => model.text.slice(span.start.offset, span.end.offset);
  const hvm = model.vars.get('builder')?.value === 'hvm' || model.vars.get('type')?.value === 'hvm';

  lineEndings(model, issue);

  // Code xl cannot read: statements that are not assignments of values, and values depending on them.
  const xmVars = model.problems.filter((p) => /^xm_vars\./.test(src(p.span))).map((p) => p.span);
  for (const p of model.problems) {
    if (p.kind === 'python-code' && p.detail !== 'depends-on-code') {
      const vmidOnly = options.vmidGiven && servesVmid(model, p.span, xmVars);
      const helpers = helpersOnly(model, p.span);
      const why = vmidOnly ? 'it only declares xm create\'s vmid, whose value convert wrote into the values'
        : helpers ? `it only sets ${helpers.map((h) => `\`${h}\``).join(', ')}, which no setting uses: remove it`
          : 'write the values it computes as literals';
      issue(MIGRATION.pythonCode, p.span, `${p.message.replace(/:.*$/, '')}: xl.cfg is not Python, so this is a syntax error there; ${why}`, Boolean(vmidOnly || helpers));
    } else if (p.kind === 'syntax') {
      issue(MIGRATION.pythonCode, p.span, `not valid Python even for xm (${p.message}): fix it before converting`, false);
    }
  }
  for (const [name, u] of model.unknown ?? []) {
    if (!XM_OPTIONS.has(name) && !XL_KEYS.has(name)) continue;
    issue(MIGRATION.pythonCode, u.span, `the value of \`${name}\` is computed by code xendomains does not evaluate: write it out as a literal for xl`, false);
  }

  // name is mandatory in xl
  if (model.name?.source === 'filename') {
    issue(MIGRATION.missingName, model.name.span, `no \`name\`: xm named the domain after the file, xl refuses to create it ("Domain name must be specified."); add name = ${xlText({ str: model.name.value })}`, true);
    m.prepend.push({ key: 'name', value: { str: model.name.value }, note: 'xm named the domain after its config file; xl needs name' });
  }

  const finals = new Set(model.vars.values());
  for (const a of model.assignments) {
    if (!finals.has(a)) m.actions.set(a, { kind: 'drop', note: `\`${a.name}\` is assigned again below` });
  }
  // A computed value is reported when it is written under its own key (a dropped key has its own finding).
  const computed = new Set<DomainAssignment>();
  const write = (a: DomainAssignment, keys: Array<{ key: string; value: XlValue }>, note?: string) => {
    m.actions.set(a, note ? { kind: 'write', keys, note } : { kind: 'write', keys });
    const own = keys.find((k) => k.key === a.name);
    if (computed.has(a) && own) issue(MIGRATION.expression, a.valueSpan, `\`${a.name}\` is a Python expression; xl reads only literal values: write ${a.name} = ${oneLine(xlText(own.value))}`, true);
  };
  const drop = (a: DomainAssignment, note: string) => m.actions.set(a, { kind: 'drop', note });
  const unresolved = (a: DomainAssignment, code: string, span: Span, message: string) => {
    m.actions.set(a, { kind: 'unresolved', note: message });
    issue(code, span, message, false);
  };

  const ctx: Ctx = { model, issue, write, unresolved, quiet: (a, note) => m.actions.set(a, { kind: 'unresolved', note }) };
  const kernelArgs = kernelCommandLine(model, issue);

  for (const [name, a] of model.vars) {
    const fate = XM_KEYS.get(name);
    const known = XM_OPTIONS.has(name) || XL_KEYS.has(name);
    if (!known) {
      // helper variables (values already inlined where used), Oracle VM's OVM_* keys, typos
      if (!isXlKey(name)) issue(MIGRATION.invalidKey, a.nameSpan, `\`${name}\` is not a valid xl key (xl's lexer takes only [a-z][._0-9a-z]*, so the whole file fails to parse); remove it or rename it in lower case`, true);
      drop(a, `\`${name}\` is not an xm option (a helper variable, or a key neither xm nor xl reads)`);
      continue;
    }
    // Values xm silently dropped (bool, None, tuple, dict, long, unicode): xl cannot even parse most of them.
    if (a.pyType && ['bool', 'NoneType', 'tuple', 'dict', 'long', 'unicode'].includes(a.pyType)) {
      issue(MIGRATION.droppedValue, a.valueSpan, `\`${name} = ${src(a.valueSpan).trim()}\`: xm ignored a ${a.pyType} value (the default applied), and xl rejects it${a.pyType === 'bool' ? `; to keep xm's behaviour remove the line, to mean it write ${name} = ${a.value ? 1 : 0}` : '; remove the line'}`, true);
      drop(a, `xm ignored this ${a.pyType} value: the default applied`);
      continue;
    }
    const value = toXl(a.value);
    if (a.pyType === 'float' || value === undefined || !isWritable(value)) {
      const why = a.pyType === 'float' ? 'a float' : value === undefined ? 'a list holding values xl cannot write (True, None, tuples, floats)' : 'characters an xl string cannot hold (no \\x or octal escapes)';
      unresolved(a, MIGRATION.expression, a.valueSpan, `\`${name}\` is ${why}: write the value xl should read by hand`);
      continue;
    }
    if (!isXlLiteral(src(a.valueSpan))) computed.add(a);

    switch (name) {
      case 'builder': {
        const type = a.value === 'hvm' ? 'hvm' : a.value === 'linux' ? 'pv' : undefined;
        const typeVar = model.vars.get('type');
        if (!type) unresolved(a, MIGRATION.builder, a.valueSpan, `builder ${xlText(value)} has no xl type: use type = "pv", "pvh" or "hvm"`);
        else if (typeVar) {
          issue(MIGRATION.builder, a.nameSpan, `\`builder\` is deprecated in xl and \`type\` is set too: remove builder`, true);
          drop(a, 'type is set');
        } else {
          issue(MIGRATION.builder, a.nameSpan, a.value === 'linux' ? `builder = 'linux' is fatal in xl ("Invalid domain type linux."): write type = "pv"` : `\`builder\` is deprecated in xl: write type = "hvm"`, true);
          write(a, [{ key: 'type', value: { str: type } }]);
        }
        continue;
      }
      case 'kernel':
        if (hvm && typeof a.value === 'string' && /(^|\/)hvmloader$/.test(a.value)) {
          issue(MIGRATION.hvmBoilerplate, a.valueSpan, `xl ignores kernel = "${a.value}" for HVM guests (with a warning): hvmloader is the default; remove it`, true);
          drop(a, 'hvmloader is xl\'s default firmware for HVM guests');
          continue;
        }
        break;
      case 'device_model': {
        const stubdom = typeof a.value === 'string' && /(^|\/)stubdom-dm$/.test(a.value);
        if (stubdom) {
          issue(MIGRATION.hvmBoilerplate, a.valueSpan, `xl ignores device_model (with a warning); a stub-domain device model is: device_model_stubdomain_override = 1 with device_model_version = "qemu-xen-traditional"`, true);
          write(a, [{ key: 'device_model_version', value: { str: 'qemu-xen-traditional' } }, { key: 'device_model_stubdomain_override', value: { num: '1' } }], 'xm\'s stubdom-dm');
        } else {
          issue(MIGRATION.hvmBoilerplate, a.valueSpan, `xl ignores device_model (with a warning) and uses qemu-xen (upstream QEMU) by default: remove it; to keep the old emulator where it exists write device_model_version = "qemu-xen-traditional"`, true);
          drop(a, 'xl picks its device model itself (qemu-xen); device_model_version = "qemu-xen-traditional" keeps the old qemu-dm where it still exists');
        }
        continue;
      }
      case 'loader':
        issue(MIGRATION.hvmBoilerplate, a.nameSpan, `xl ignores \`loader\` silently: remove it (hvmloader is the default)`, true);
        drop(a, 'xl ignores loader; hvmloader is the default');
        continue;
      case 'tsc_mode':
      case 'timer_mode': {
        const names = name === 'tsc_mode' ? TSC_MODES : TIMER_MODES;
        if (name === 'timer_mode' && !hvm) {
          issue(MIGRATION.integerEnum, a.nameSpan, `timer_mode in a PV config is fatal in xl (xm ignored it for PV guests): remove it`, true);
          drop(a, 'xm ignored timer_mode for PV guests; xl refuses it');
          continue;
        }
        if (typeof a.value === 'number') {
          const word = names[a.value];
          if (word === undefined) unresolved(a, MIGRATION.integerEnum, a.valueSpan, `${name} = ${a.value} is not a mode xl knows (${names.join(', ')})`);
          else {
            issue(MIGRATION.integerEnum, a.valueSpan, `the integer form of ${name} is deprecated in xl: write ${name} = "${word}"`, true);
            write(a, [{ key: name, value: { str: word } }]);
          }
          continue;
        }
        break;
      }
      case 'disk':
        diskAction(ctx, a, value);
        continue;
      case 'vif':
        vifAction(ctx, a, value);
        continue;
      case 'nics': {
        const vifs = model.vars.get('vif');
        const count = Array.isArray(vifs?.value) ? vifs.value.length : 0;
        if (typeof a.value === 'number' && a.value <= count) {
          issue(MIGRATION.vif, a.nameSpan, `xl ignores \`nics\`: one vif entry is one NIC (the ${count} vif entries already make ${a.value}); remove it`, true);
          drop(a, 'xl ignores nics: one vif entry per NIC');
        } else unresolved(a, MIGRATION.vif, a.nameSpan, `xl ignores \`nics\`: write one vif entry per NIC (vif = ['', …] for ${String(a.value)} NICs)`);
        continue;
      }
      case 'vfb':
        vfbAction(ctx, a, value);
        continue;
      case 'vtpm': {
        if (Array.isArray(a.value) && a.value.some((s) => typeof s === 'string' && /(^|,)\s*instance\s*=/.test(s))) {
          unresolved(a, MIGRATION.device, a.valueSpan, `vtpm \`instance=\` is fatal in xl, and xl's vTPM is a stub domain named by backend=: set it up by hand`);
          continue;
        }
        break;
      }
      case 'root':
        if (typeof a.value === 'string' && a.value.startsWith('root=')) {
          issue(MIGRATION.kernelArgs, a.valueSpan, `xm removed a leading \`root=\` from root, xl does not: write root = ${xlText({ str: a.value.slice(5) })}`, true);
          write(a, [{ key: 'root', value: { str: a.value.slice(5) } }]);
          continue;
        }
        break;
      case 'extra':
        if (kernelArgs) {
          write(a, [{ key: 'extra', value: { str: kernelArgs.extra } }], kernelArgs.note);
          continue;
        }
        break;
      case 'bootloader':
        if (typeof a.value === 'string' && /\/pygrub$/.test(a.value)) {
          issue(MIGRATION.bootloader, a.valueSpan, `libxl finds pygrub in its own directory and deprecates the path ${a.value} (which may not exist on an xl host): write bootloader = "pygrub"`, true);
          write(a, [{ key: 'bootloader', value: { str: 'pygrub' } }]);
          continue;
        }
        break;
      case 'bootargs':
      case 'bootentry': {
        const args = bootloaderArgs(model);
        if (name === 'bootentry' && model.vars.has('bootargs')) {
          issue(MIGRATION.bootloader, a.nameSpan, `xl does not read bootentry (and xm ignored it since bootargs is set): remove it`, true);
          drop(a, 'bootargs is set, which xm preferred');
        } else if (!args) unresolved(a, MIGRATION.bootloader, a.valueSpan, `xl does not read ${name}: write bootloader_args as a list of words (the value has quotes or backslashes convert does not split)`);
        else {
          issue(MIGRATION.bootloader, a.nameSpan, `xl does not read ${name}: write bootloader_args = ${oneLine(xlText(args.map((s) => ({ str: s }))))}`, true);
          write(a, [{ key: 'bootloader_args', value: args.map((s) => ({ str: s })) }]);
        }
        continue;
      }
      case 'cpu_cap':
      case 'irq':
        issue(MIGRATION.renamed, a.nameSpan, `xl does not read \`${name}\`: it is \`${XM_KEYS.get(name)!.xl}\` in xl`, true);
        write(a, [{ key: XM_KEYS.get(name)!.xl!, value }]);
        continue;
      case 'vcpu_avail':
        vcpuAvail(ctx, a);
        continue;
      case 'vcpus':
        if (vcpuAvailFits(model)) {
          drop(a, 'written with vcpu_avail below');
          continue;
        }
        break;
      case 'cpu':
        unresolved(a, MIGRATION.cpus, a.nameSpan, `xl ignores \`cpu\` (the pCPU of vCPU 0): pin with cpus = ["${String(a.value)}", …] (one entry per vCPU) or cpus = "${String(a.value)}"`);
        continue;
      case 'cpus':
        if (typeof a.value === 'number') {
          issue(MIGRATION.cpus, a.valueSpan, `xl reads cpus as a CPU list string: write cpus = "${a.value}"`, true);
          write(a, [{ key: 'cpus', value: { str: String(a.value) } }]);
          continue;
        }
        break;
      case 'vif2':
        issue(MIGRATION.vif, a.nameSpan, `xl ignores vif2 (netchannel2 is gone): use vif`, false);
        m.actions.set(a, { kind: 'unresolved', note: 'netchannel2 is gone: describe these NICs in vif' });
        continue;
      case 'access_control':
        unresolved(a, MIGRATION.renamed, a.nameSpan, `xl ignores access_control: an XSM/FLASK label is seclabel = "user:role:type" in xl; set it by hand`);
        continue;
      case 'vscsi':
      case 'vusb':
        unresolved(a, MIGRATION.device, a.nameSpan, name === 'vscsi' ? 'xl has no PVSCSI and ignores vscsi: pass the disks as vbds (disk = …) instead' : 'xl ignores vusb: use usbctrl = [...] and usbdev = [...]');
        continue;
      default:
        break;
    }
    if (KERNEL_ARGS.includes(name)) {
      if (kernelArgs?.resolved) drop(a, kernelArgs.note);
      else m.actions.set(a, { kind: 'unresolved', note: 'xl does not read it: put the kernel argument into extra' });
      continue;
    }
    if (fate && fate.fate.startsWith('ignored') && !OWN_RULE.has(name)) {
      const message = `xl ignores \`${name}\`${fate.fate === 'ignored-with-warning' ? ' (with a warning)' : ' silently'}${fate.advice ? `: ${fate.advice.replace(/\.$/, '')}` : ''}`;
      if (LOSSY.has(name)) unresolved(a, MIGRATION.ignoredKey, a.nameSpan, `${message} — its effect is lost; find the xl equivalent by hand`);
      else {
        issue(MIGRATION.ignoredKey, a.nameSpan, `${message}; remove it`, true);
        drop(a, message);
      }
      continue;
    }
    write(a, [{ key: name, value }]);
  }
  if (kernelArgs && !model.vars.has('extra')) {
    if (kernelArgs.resolved) m.append.push({ key: 'extra', value: { str: kernelArgs.extra }, note: kernelArgs.note });
  }
  return m;
}

function oneLine(text: string): string {
  return text.replace(/\n\s*/g, ' ').replace(/,\s*\]/, ' ]');
}

/** A Python value as an xl value; undefined for what xl cannot hold (bool, None, float, tuple, dict). */
export function toXl(v: PyValue): XlValue | undefined {
  if (typeof v === 'string') return { str: v };
  if (typeof v === 'number') return Number.isInteger(v) && Number.isSafeInteger(v) ? xlInteger(v) : undefined;
  if (Array.isArray(v)) {
    const items = v.map(toXl);
    return items.every((x): x is XlValue => x !== undefined) ? items : undefined;
  }
  return undefined;
}

type Issue = (code: string, span: Span, message: string, resolved: boolean) => void;
type Write = (a: DomainAssignment, keys: Array<{ key: string; value: XlValue }>, note?: string) => void;
type Unresolved = (a: DomainAssignment, code: string, span: Span, message: string) => void;
interface Ctx {
  model: DomainConfigModel;
  issue: Issue;
  write: Write;
  unresolved: Unresolved;
  /** Unresolved, its issues already reported per element. */
  quiet: (a: DomainAssignment, note: string) => void;
}

function lineEndings(model: DomainConfigModel, issue: Issue): void {
  const text = model.text;
  if (text.startsWith('\uFEFF')) issue(MIGRATION.lineEndings, model.lines.span(0, 1), 'a UTF-8 byte-order mark: xl rejects it (lexical error); save the file without it', true);
  const cr = text.indexOf('\r');
  if (cr >= 0) issue(MIGRATION.lineEndings, model.lines.span(cr, cr + 1), `${/\r\n/.test(text) ? 'CRLF line endings' : 'a carriage return'}: xl rejects \\r outside comments (lexical error on each such line); convert the file to LF line endings`, true);
  const ff = /[\f\v]/.exec(text);
  if (ff) issue(MIGRATION.lineEndings, model.lines.span(ff.index, ff.index + 1), 'a form feed or vertical tab: xl takes only space and TAB as blanks (lexical error); remove it', true);
  if (text.length > 0 && !text.endsWith('\n')) {
    const last = text.slice(text.lastIndexOf('\n') + 1);
    if (/^\s*#/.test(last)) issue(MIGRATION.lineEndings, model.lines.span(text.length - last.length, text.length), 'the last line is a comment without a newline: xl reads the `#` as a lexical error; end the file with a newline', true);
  }
}

// --- disk -------------------------------------------------------------------

/** The xl form of an xm disk string, or why there is none. */
export function xlDiskSpec(s: string): { spec: string; deprecated?: string } | { error: string } {
  if (isXlDiskSpec(s)) return { spec: s };
  const d = parseDiskSpec(s);
  if (d.errors.length) return { error: `xm itself rejects it (${d.errors[0]!.message})` };
  if (d.fields.slice(0, 3).some((f) => /^\s|\s$/.test(s.slice(f.start, f.end)))) return { error: 'blanks around a field, which xm kept as part of the value: remove them' };
  const fields: string[] = [];
  let format = 'raw';
  let script: string | undefined;
  let target = d.target;
  switch (d.protocol) {
    case '':
      break;
    case 'phy':
      if (!target.startsWith('/')) target = `/dev/${target}`;
      break;
    case 'file':
      if (!target.startsWith('/')) return { error: `relative file path \`${target}\`: xend resolved it against its working directory, xl against the caller's; write an absolute path` };
      break;
    case 'tap':
    case 'tap2':
      if (d.driver === 'qcow' || d.driver === 'qcow2' || d.driver === 'vhd') format = d.driver;
      else if (d.driver !== 'aio' && d.driver !== 'sync') return { error: `xl has no blktap driver \`${d.driver}\` (it rejects \`${d.protocol}:${d.driver}:\`): convert the image, e.g. to raw or qcow2` };
      break;
    default:
      script = `block-${d.protocol}`;
  }
  if (d.abi) return { error: `the fifth field (frontend protocol \`${d.abi}\`) has no xl equivalent: xl picks the protocol from the guest` };
  if (d.mode === 'w!') return { error: '`w!` (share a writable disk) has no xl equivalent: xl refuses it; decide whether the sharing is needed' };
  if (!script && d.target !== '') fields.push(`format=${format}`);
  fields.push(`vdev=${d.vdev}`);
  fields.push(`access=${d.mode === 'r' ? 'ro' : 'rw'}`);
  if (d.devType === 'cdrom') fields.push('devtype=cdrom');
  if (d.backend) fields.push(`backend=${d.backend}`);
  if (script) fields.push(`script=${script}`);
  if (d.target !== '') fields.push(`target=${target}`);
  const spec = fields.join(',');
  return d.protocol ? { spec, deprecated: d.uname.slice(0, d.uname.length - d.target.length) } : { spec };
}

const XL_DISK_KEY = /^(format|vdev|access|devtype|backend|backendtype|script|specification)=[^,]*$|^(cdrom|direct-io-safe|discard|no-discard)$/;

/** Already xl's keyword form (target= last) or its four-field positional form without a prefix. */
function isXlDiskSpec(s: string): boolean {
  if (/^,[a-z]+:cdrom,(r|ro)$/.test(s)) return true; // xm's empty CD-ROM drive: xl reads it alike
  const t = s.indexOf('target=');
  const head = t >= 0 ? s.slice(0, t) : s;
  if (t >= 0 && t > 0 && head[head.length - 1] !== ',') return false;
  const fields = head.split(',').map((f) => f.trim()).filter((f, i, all) => f !== '' || i < all.length - 1);
  if (fields.length > 0 && fields.every((f) => XL_DISK_KEY.test(f))) return fields.some((f) => f.startsWith('vdev=')) && (t >= 0 || fields.includes('devtype=cdrom') || fields.includes('cdrom'));
  if (t >= 0) return false;
  const pos = s.split(',');
  return pos.length === 4 && pos[0]!.startsWith('/') && !pos[0]!.includes('=') && /^(raw|qcow|qcow2|vhd|qed|)$/.test(pos[1]!) && /^(r|ro|w|rw)$/.test(pos[3]!) && /^[a-z]+[0-9]*$/.test(pos[2]!);
}

/**
 * A device list rewritten entry by entry. `convert` returns an entry's xl form, or undefined once it
 * has reported why there is none; one such entry (or a single string) leaves the key to the user.
 */
function rewriteDeviceList(ctx: Ctx, a: DomainAssignment, value: XlValue, key: string, code: string, lost: string, convert: (text: string, span: Span) => string | undefined): void {
  if (!Array.isArray(value)) {
    ctx.unresolved(a, code, a.valueSpan, `${key} is a single string: xl reads only a list here${lost}; write ${key} = [ … ]`);
    return;
  }
  const out: XlValue[] = [];
  let failed = false;
  value.forEach((element, i) => {
    const span = a.elementSpans?.[i] ?? a.valueSpan;
    if (Array.isArray(element) || 'num' in element) {
      ctx.issue(code, span, `a ${key} entry that is not a string`, false);
      failed = true;
      return;
    }
    const spec = convert(element.str, span);
    if (spec === undefined) failed = true;
    else out.push({ str: spec });
  });
  if (failed) ctx.quiet(a, `a ${key} entry has no faithful xl form (see the finding)`);
  else ctx.write(a, [{ key, value: out }]);
}

function diskAction(ctx: Ctx, a: DomainAssignment, value: XlValue): void {
  rewriteDeviceList(ctx, a, value, 'disk', MIGRATION.disk, ' and would start the guest with no disk', (text, span) => {
    const r = xlDiskSpec(text);
    if ('error' in r) return void ctx.issue(MIGRATION.disk, span, `disk \`${text}\`: ${r.error}`, false);
    if (r.spec !== text) {
      if (r.deprecated) ctx.issue(MIGRATION.diskPrefix, span, `disk \`${text}\`: the \`${r.deprecated}\` prefix is deprecated in xl and no longer chooses the backend; write '${r.spec}'`, true);
      else ctx.issue(MIGRATION.disk, span, `disk \`${text}\` is read differently by xl (positional fields are target,format,vdev,access): write '${r.spec}'`, true);
    }
    return r.spec;
  });
}


// --- vif --------------------------------------------------------------------

function vifAction(ctx: Ctx, a: DomainAssignment, value: XlValue): void {
  rewriteDeviceList(ctx, a, value, 'vif', MIGRATION.vif, ' and would start the guest with no NIC', (text, span) => {
    const spec = parseVifSpec(text);
    if (spec.errors.some((e) => /should be a pair/.test(e.message))) return void ctx.issue(MIGRATION.vif, span, `vif \`${text}\`: a field without \`=\`, which xm refused: fix it by hand`, false);
    const fields: string[] = [];
    let dropped = false;
    let failed = false;
    for (const p of spec.pairs) {
      if (p.key === 'policy' || p.key === 'label') {
        ctx.issue(MIGRATION.vif, span, `vif \`${p.key}=\` (an xm security label) is not supported by xl, which ignores it: label the domain with seclabel instead`, false);
        failed = true;
      } else if (p.key === 'accel') dropped = true;
      else if (p.key === 'type' && p.value === 'netfront') {
        ctx.issue(MIGRATION.vif, span, 'vif `type=netfront` is invalid in xl: use type=vif (PV only) or type=ioemu (emulated)', false);
        failed = true;
      } else fields.push(`${p.key}=${p.value}`);
    }
    if (failed) return undefined;
    const rewritten = fields.join(',');
    // xl splits at commas and strips only spaces before a key (spec §9.1); xm stripped blanks around keys and values.
    const asXlReads = text.split(',').filter((f) => f.trim() !== '').map((f) => f.replace(/^ +/, '')).join(',');
    if (dropped) ctx.issue(MIGRATION.vif, span, `vif \`accel=\` is not supported by xl (it prints a message and ignores it): write '${rewritten}'`, true);
    else if (asXlReads !== rewritten) ctx.issue(MIGRATION.vif, span, `vif \`${text}\`: xl strips blanks only before a key, so \`${firstBlank(text)}\` becomes an unrecognised field or a value with a blank: write '${rewritten}'`, true);
    return asXlReads === rewritten ? text : rewritten;
  });
}

function firstBlank(s: string): string {
  return s.split(',').find((f) => /\s=|=\s|\s$|^\t/.test(f))?.trim() ?? s;
}

// --- vfb --------------------------------------------------------------------

function vfbAction(ctx: Ctx, a: DomainAssignment, value: XlValue): void {
  rewriteDeviceList(ctx, a, value, 'vfb', MIGRATION.device, '', (text, span) => {
    const fields: string[] = [];
    let failed = false;
    for (const p of parseVfbSpec(text).pairs) {
      if (p.key === 'type' && (p.value === 'vnc' || p.value === 'sdl')) fields.push(p.value === 'vnc' ? 'vnc=1' : 'sdl=1,vnc=0');
      else if (['videoram', 'serial', 'monitor'].includes(p.key)) {
        ctx.issue(MIGRATION.device, span, `vfb \`${p.key}=\` is ignored by xl silently: its effect is lost`, false);
        failed = true;
      } else fields.push(`${p.key}=${p.value}`);
    }
    if (failed) return undefined;
    const rewritten = fields.join(',');
    if (rewritten !== text) ctx.issue(MIGRATION.device, span, `vfb \`${text}\`: xl ignores \`type=\` (VNC is on by default) and strips no blanks after keys: write '${rewritten}'`, true);
    return rewritten;
  });
}

// --- kernel command line ---------------------------------------------------------

/** xm's ip=/nfsroot= kernel arguments (create.py preprocess_ip, preprocess_nfs) merged into extra. */
function kernelCommandLine(model: DomainConfigModel, issue: Issue): { extra: string; note: string; resolved: boolean } | undefined {
  const present = KERNEL_ARGS.filter((k) => model.vars.has(k));
  if (present.length === 0) return undefined;
  const str = (k: string, dflt = ''): string | undefined => {
    const a = model.vars.get(k);
    if (!a) return dflt;
    return typeof a.value === 'string' ? a.value : undefined;
  };
  const vals = { ip: str('ip'), gateway: str('gateway'), netmask: str('netmask'), hostname: str('hostname'), interface: str('interface', 'eth0'), dhcp: str('dhcp', 'off'), nfs_server: str('nfs_server'), nfs_root: str('nfs_root'), extra: str('extra') };
  const unknown = Object.entries(vals).find(([, v]) => v === undefined) || [...KERNEL_ARGS, 'extra'].some((k) => model.unknown?.has(k));
  if (unknown || (vals.nfs_root && !vals.nfs_server)) {
    for (const k of present) issue(MIGRATION.kernelArgs, model.vars.get(k)!.nameSpan, `xl ignores \`${k}\` silently (xm turned it into kernel arguments): write the ip=/nfsroot= arguments into extra yourself`, false);
    return { extra: '', note: '', resolved: false };
  }
  const args: string[] = [];
  if (vals.ip || vals.dhcp !== 'off') args.push(`ip=${vals.ip}:${vals.nfs_server || '127.0.255.255'}:${vals.gateway}:${vals.netmask}:${vals.hostname}:${vals.interface}:${vals.dhcp}`);
  if (vals.nfs_root) args.push(`nfsroot=${vals.nfs_server}:${vals.nfs_root}`);
  if (vals.extra) args.push(vals.extra);
  const extra = args.join(' ');
  for (const k of present) issue(MIGRATION.kernelArgs, model.vars.get(k)!.nameSpan, `xl ignores \`${k}\` silently (xm turned it into kernel arguments): write extra = ${xlText({ str: extra })}`, true);
  return { extra, note: `xm turned ${present.join(', ')} into kernel arguments; xl reads only extra`, resolved: true };
}

// --- bootloader, vCPUs -------------------------------------------------------------

/** xm's bootloader arguments as words (bootentry X was --entry=X); undefined when quoting makes splitting uncertain. */
function bootloaderArgs(model: DomainConfigModel): string[] | undefined {
  const bootargs = model.vars.get('bootargs');
  if (bootargs) {
    if (typeof bootargs.value !== 'string' || /["'\\]/.test(bootargs.value)) return undefined;
    return bootargs.value.split(/\s+/).filter(Boolean);
  }
  const entry = model.vars.get('bootentry');
  if (entry && (typeof entry.value === 'string' || typeof entry.value === 'number')) return [`--entry=${entry.value}`];
  return undefined;
}

function vcpuAvailFits(model: DomainConfigModel): { online: number; max: number } | undefined {
  const avail = model.vars.get('vcpu_avail')?.value;
  const vcpus = model.vars.get('vcpus')?.value ?? 1;
  if (typeof avail !== 'number' || typeof vcpus !== 'number' || !Number.isInteger(avail) || avail < 0) return undefined;
  const online = Math.log2(avail + 1);
  if (!Number.isInteger(online) || online > vcpus || online < 1) return undefined;
  return { online, max: vcpus };
}

function vcpuAvail({ model, issue, write, unresolved }: Ctx, a: DomainAssignment): void {
  const fit = vcpuAvailFits(model);
  if (!fit) {
    unresolved(a, MIGRATION.cpus, a.nameSpan, `xl ignores vcpu_avail silently (a bitmask of online vCPUs): express it as vcpus = <online> with maxvcpus = <max>; this mask is not the first N vCPUs, which is all xl can start online`);
    return;
  }
  issue(MIGRATION.cpus, a.nameSpan, `xl ignores vcpu_avail silently: write maxvcpus = ${fit.max} and vcpus = ${fit.online}`, true);
  write(a, [{ key: 'maxvcpus', value: { num: String(fit.max) } }, { key: 'vcpus', value: { num: String(fit.online) } }]);
}
