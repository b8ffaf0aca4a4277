// Parsers for the structured strings inside xm domain-config values — disk, vif,
// vfb and pci entries, uuid, cpus, on_* actions — with xm 4.0 / xend's rules and
// offsets into the string, plus locateInLiteral() to turn those offsets into
// source spans. Pure functions; which findings matter (and how much) is for rules.

import type { LineIndex, Span } from './span.js';
import type { PyValue } from './domain.js';

export interface SpecIssue {
  message: string;
  /** Offsets into the parsed string; end exclusive. */
  start: number;
  end: number;
}

interface Field {
  value: string;
  start: number;
  end: number;
}

function splitFields(s: string, sep: string, from = 0, to = s.length): Field[] {
  const out: Field[] = [];
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i === to || s[i] === sep) {
      out.push({ value: s.slice(start, i), start, end: i });
      start = i + 1;
    }
  }
  return out;
}

/** Trims blanks (as Python's str.strip()) and returns the trimmed range. */
function trimmed(f: Field): Field {
  let a = f.start;
  let b = f.end;
  const src = f.value;
  let i = 0;
  let j = src.length;
  while (i < j && /\s/.test(src[i]!)) i++;
  while (j > i && /\s/.test(src[j - 1]!)) j--;
  a += i;
  b -= src.length - j;
  return { value: src.slice(i, j), start: a, end: b };
}

// ---------------------------------------------------------------------------
// disk = ['<uname>,<vdev>,<mode>[,<backend>[,<protocol>]]']

/** Disk types xend 4.0 handles itself or through a stock block-<type> hotplug script. */
export const DISK_PROTOCOLS = ['phy', 'file', 'tap', 'tap2', 'iscsi', 'drbd', 'nbd', 'enbd', 'npiv'] as const;
/** blktap drivers (`tap:<driver>:<path>`). */
export const TAP_DRIVERS = ['aio', 'sync', 'vmdk', 'ram', 'qcow', 'qcow2', 'vhd', 'tapdisk', 'ioemu'] as const;
export const DISK_MODES = ['r', 'w', 'w!'] as const;

export interface DiskSpec {
  raw: string;
  /** The first field as written, e.g. `phy:/dev/vg/lv`; empty for an HVM CD-ROM drive without media. */
  uname: string;
  /** The uname's type: `phy`, `file`, `tap`, `iscsi`, …; empty when there is no `type:` prefix. */
  protocol: string;
  /** For tap/tap2: the blktap driver (`aio`, `qcow2`, …; `tapdisk:aio` gives `aio`). */
  driver?: string;
  /** The path, device or resource after the prefixes. */
  target: string;
  /** The virtual device without prefix or suffix, e.g. `xvda`, `hdc`. */
  vdev: string;
  /** `ioemu:` prefix of the vdev (HVM). */
  ioemu: boolean;
  /** `:cdrom` / `:disk` suffix of the vdev. */
  devType?: 'cdrom' | 'disk';
  mode: string;
  backend?: string;
  /** The optional fifth field, the frontend ABI (`x86_32-abi`, `x86_64-abi`). */
  abi?: string;
  /** Offsets of each comma-separated field. */
  fields: Array<{ start: number; end: number }>;
  targetStart: number;
  targetEnd: number;
  /** What xm/xend reject (the domain will not start). */
  errors: SpecIssue[];
  /** Suspicious but accepted. */
  warnings: SpecIssue[];
}

const VDEV = /^(?:hd[a-t]|sd[a-z]{1,2}|xvd[a-z]{1,2})(?:[1-9][0-9]{0,2})?$|^[0-9]+$/;

export function parseDiskSpec(s: string): DiskSpec {
  const errors: SpecIssue[] = [];
  const warnings: SpecIssue[] = [];
  const fields = splitFields(s, ',');
  const spec: DiskSpec = {
    raw: s, uname: '', protocol: '', target: '', vdev: '', ioemu: false, mode: '',
    fields: fields.map((f) => ({ start: f.start, end: f.end })), targetStart: 0, targetEnd: 0, errors, warnings,
  };
  if (fields.length < 3 || fields.length > 5) {
    errors.push({ message: `Invalid disk specifier: xm needs 3 to 5 comma-separated fields (uname,vdev,mode[,backend[,protocol]]), found ${fields.length}`, start: 0, end: s.length });
    if (fields.length < 3) return fillPartial(spec, fields);
  }
  for (const f of fields.slice(0, 3)) {
    if (f.value !== f.value.trim()) {
      warnings.push({ message: `blank around \`${f.value.trim()}\`: xm does not strip disk fields, so the blank becomes part of the value`, start: f.start, end: f.end });
    }
  }
  fillPartial(spec, fields);
  const [u, v, m] = fields as [Field, Field, Field];

  // uname
  if (u.value === '') {
    if (spec.devType !== 'cdrom') warnings.push({ message: 'empty uname: only an HVM CD-ROM drive (`,hdc:cdrom,r`) may have no media', start: u.start, end: u.end });
  } else {
    const colon = u.value.indexOf(':');
    if (colon < 0) {
      spec.target = u.value;
      spec.targetStart = u.start;
      spec.targetEnd = u.end;
      if (u.value.startsWith('/') && /^(raw|qcow2?|vhd|qed)$/.test(v.value.trim())) {
        // One finding for the entry, not one per field xm would misread.
        errors.push({ message: `\`${s}\` is xl disk syntax (path,format,vdev,access): xm needs \`<type>:<path>,<vdev>,<mode>\`, e.g. \`phy:${u.value},${fields[2]?.value.trim() ?? 'xvda'},w\``, start: 0, end: s.length });
        return spec;
      }
      errors.push({ message: `uname \`${u.value}\` has no type prefix (phy:, file:, tap:aio:, …): xend cannot attach it`, start: u.start, end: u.end });
    } else {
      spec.protocol = u.value.slice(0, colon);
      let rest = colon + 1;
      if (spec.protocol === 'tap' || spec.protocol === 'tap2') {
        let next = u.value.indexOf(':', rest);
        if (next < 0) {
          errors.push({ message: `\`${spec.protocol}:\` needs a driver, e.g. \`${spec.protocol}:aio:/path/disk.img\``, start: u.start, end: u.end });
        } else {
          let driver = u.value.slice(rest, next);
          if (driver === 'tapdisk' || driver === 'ioemu') {
            const again = u.value.indexOf(':', next + 1);
            if (again >= 0) {
              driver = u.value.slice(next + 1, again);
              next = again;
            }
          }
          spec.driver = driver;
          if (!(TAP_DRIVERS as readonly string[]).includes(driver)) {
            warnings.push({ message: `unknown blktap driver \`${driver}\` (known: ${TAP_DRIVERS.filter((d) => d !== 'tapdisk' && d !== 'ioemu').join(', ')})`, start: u.start + rest, end: u.start + next });
          }
          rest = next + 1;
        }
      } else if (!(DISK_PROTOCOLS as readonly string[]).includes(spec.protocol)) {
        warnings.push({ message: `disk type \`${spec.protocol}\` is not one xend ships: it needs a /etc/xen/scripts/block-${spec.protocol} hotplug script`, start: u.start, end: u.start + colon });
      }
      spec.target = u.value.slice(rest);
      spec.targetStart = u.start + rest;
      spec.targetEnd = u.end;
      if (spec.target === '') errors.push({ message: `\`${spec.protocol}:\` with no device or path`, start: u.start, end: u.end });
      else if (spec.protocol === 'file' && !spec.target.startsWith('/')) {
        warnings.push({ message: `file path \`${spec.target}\` is relative: xend resolves it against its own working directory`, start: spec.targetStart, end: spec.targetEnd });
      }
    }
  }

  // vdev
  if (spec.vdev === '') errors.push({ message: 'missing virtual device (e.g. xvda, hda)', start: v.start, end: v.end });
  else if (!VDEV.test(spec.vdev)) {
    warnings.push({ message: `unrecognised virtual device \`${spec.vdev}\` (expected xvdX, sdX, hdX with an optional partition number)`, start: v.start, end: v.end });
  }
  const suffix = v.value.trim().match(/:([^:]*)$/);
  if (suffix && !spec.devType && !spec.ioemu) {
    warnings.push({ message: `unknown device type \`:${suffix[1]}\` (expected :cdrom or :disk)`, start: v.start, end: v.end });
  }

  // mode
  if (!(DISK_MODES as readonly string[]).includes(spec.mode)) {
    const hint = spec.mode === 'rw' ? ' (`rw` is xl syntax; xm uses `w`)' : spec.mode === 'ro' ? ' (`ro` is xl syntax; xm uses `r`)' : '';
    errors.push({ message: `invalid disk mode \`${spec.mode}\`: xend accepts r, w or w!${hint}`, start: m.start, end: m.end });
  }
  if (spec.devType === 'cdrom' && spec.mode.startsWith('w')) {
    warnings.push({ message: 'a CD-ROM attached writable', start: m.start, end: m.end });
  }
  if (spec.abi !== undefined && spec.abi !== '' && !['x86_32-abi', 'x86_64-abi'].includes(spec.abi)) {
    warnings.push({ message: `unknown frontend protocol \`${spec.abi}\` (expected x86_32-abi or x86_64-abi)`, start: fields[4]!.start, end: fields[4]!.end });
  }
  return spec;
}

function fillPartial(spec: DiskSpec, fields: Field[]): DiskSpec {
  spec.uname = fields[0]?.value ?? '';
  const vdevRaw = fields[1]?.value ?? '';
  let vdev = vdevRaw.trim();
  if (vdev.startsWith('ioemu:')) {
    spec.ioemu = true;
    vdev = vdev.slice(6);
  }
  if (vdev.endsWith(':cdrom')) {
    spec.devType = 'cdrom';
    vdev = vdev.slice(0, -6);
  } else if (vdev.endsWith(':disk')) {
    spec.devType = 'disk';
    vdev = vdev.slice(0, -5);
  }
  spec.vdev = vdev;
  spec.mode = fields[2]?.value ?? '';
  if (fields[3] !== undefined) spec.backend = fields[3].value;
  if (fields[4] !== undefined) spec.abi = fields[4].value;
  return spec;
}

// ---------------------------------------------------------------------------
// key=value lists: vif, vif2, vfb (xm's comma_sep_kv_to_dict: split at ',', then at the first '=', strip both)

export interface KeyValue {
  key: string;
  value: string;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
  /** Whether xm accepts the key. */
  known: boolean;
}

export interface KeyValueSpec {
  raw: string;
  pairs: KeyValue[];
  /** The value of each key (the last one wins, as in xm). */
  values: Record<string, string>;
  unknownKeys: string[];
  errors: SpecIssue[];
  warnings: SpecIssue[];
}

function parseKeyValues(s: string, allowed: readonly string[], unknownMessage: (k: string) => string): KeyValueSpec {
  const spec: KeyValueSpec = { raw: s, pairs: [], values: {}, unknownKeys: [], errors: [], warnings: [] };
  if (s.trim() === '') return spec;
  const seen = new Set<string>();
  for (const piece of splitFields(s, ',')) {
    const eq = piece.value.indexOf('=');
    if (eq < 0) {
      spec.errors.push({ message: `\`${piece.value}\` should be a pair, separated by an equals sign`, start: piece.start, end: piece.end });
      continue;
    }
    const k = trimmed({ value: piece.value.slice(0, eq), start: piece.start, end: piece.start + eq });
    const v = trimmed({ value: piece.value.slice(eq + 1), start: piece.start + eq + 1, end: piece.end });
    const known = allowed.includes(k.value);
    spec.pairs.push({ key: k.value, value: v.value, keyStart: k.start, keyEnd: k.end, valueStart: v.start, valueEnd: v.end, known });
    if (!known) {
      spec.unknownKeys.push(k.value);
      spec.errors.push({ message: unknownMessage(k.value), start: k.start, end: k.end });
    }
    if (seen.has(k.value)) spec.warnings.push({ message: `\`${k.value}\` given twice; the last value is used`, start: k.start, end: k.end });
    seen.add(k.value);
    Object.defineProperty(spec.values, k.value, { value: v.value, enumerable: true, writable: true, configurable: true });
  }
  return spec;
}

/**
 * The last `key=` pair of a comma-separated key=value string, split and trimmed exactly as parseKeyValues
 * does, without building the rest of the spec: for a caller that needs one key (the facts' MAC of an xl vif).
 */
export function lastPairOf(s: string, key: string): Pick<KeyValue, 'value' | 'valueStart' | 'valueEnd'> | undefined {
  if (!s.includes(key) || s.trim() === '') return undefined;
  let found: Pick<KeyValue, 'value' | 'valueStart' | 'valueEnd'> | undefined;
  // splitFields on ',' and trimmed() by offsets, without their per-field objects
  let eq = -1; // the first `=` at or after the field's start (s.length: none), searched again only once passed: linear
  for (let from = 0; from <= s.length; ) {
    let to = s.indexOf(',', from);
    if (to < 0) to = s.length;
    if (eq < from) {
      eq = s.indexOf('=', from);
      if (eq < 0) eq = s.length;
    }
    if (eq < to) {
      let a = from;
      let b = eq;
      while (a < b && /\s/.test(s[a]!)) a++;
      while (b > a && /\s/.test(s[b - 1]!)) b--;
      if (b - a === key.length && s.startsWith(key, a)) {
        let c = eq + 1;
        let d = to;
        while (c < d && /\s/.test(s[c]!)) c++;
        while (d > c && /\s/.test(s[d - 1]!)) d--;
        found = { value: s.slice(c, d), valueStart: c, valueEnd: d };
      }
    }
    from = to + 1;
  }
  return found;
}

/** A MAC address as xm's vif parser accepts it: six two-digit hex octets. */
export function isMac(value: string): boolean {
  return MAC.test(value);
}

function pairOf(spec: KeyValueSpec, key: string): KeyValue | undefined {
  for (let i = spec.pairs.length - 1; i >= 0; i--) if (spec.pairs[i]!.key === key) return spec.pairs[i];
  return undefined;
}

export interface MacInfo {
  value: string;
  valid: boolean;
  /** Bit 0 of the first octet: a group address; never valid for an interface. */
  multicast: boolean;
  /** Bit 1 of the first octet. */
  locallyAdministered: boolean;
  /** 00:16:3e, the OUI reserved for Xen guests. */
  xenOui: boolean;
  allZero: boolean;
}

const MAC = /^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}$/;

export function parseMac(value: string): MacInfo {
  const valid = MAC.test(value);
  const first = valid ? parseInt(value.slice(0, 2), 16) : 0;
  return {
    value, valid, multicast: valid && (first & 1) === 1, locallyAdministered: valid && (first & 2) === 2,
    xenOui: valid && value.slice(0, 8).toLowerCase() === '00:16:3e', allZero: valid && /^0{2}(?::0{2}){5}$/.test(value),
  };
}

export const VIF_KEYS = ['backend', 'bridge', 'ip', 'mac', 'script', 'type', 'vifname', 'rate', 'model', 'accel', 'policy', 'label'] as const;
export const VIF2_KEYS = ['front_mac', 'back_mac', 'backend', 'trusted', 'back_trusted', 'front_filter_mac', 'filter_mac', 'bridge', 'pdev', 'max_bypasses'] as const;
export const NIC_MODELS = ['e1000', 'rtl8139', 'ne2k_pci', 'ne2k_isa', 'pcnet', 'i82551', 'i82557b', 'i82559er', 'virtio', 'smc91c111', 'lance', 'mcf_fec'] as const;

export interface VifSpec extends KeyValueSpec {
  mac?: MacInfo;
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\/(?:3[0-2]|[12]?\d))?$/;
const IFNAME = /^[A-Za-z0-9_.:-]{1,15}$/;
const RATE = /^\d+(?:\.\d+)?[GMK]?[bB]\/s(?:@\d+[mu]?s)?$/;

export function parseVifSpec(s: string): VifSpec {
  const spec: VifSpec = parseKeyValues(s, VIF_KEYS, (k) => `Invalid vif option: ${k} (xm accepts ${VIF_KEYS.join(', ')})`);
  const mac = pairOf(spec, 'mac');
  if (mac) {
    spec.mac = parseMac(mac.value);
    const at = { start: mac.valueStart, end: mac.valueEnd };
    if (!spec.mac.valid) spec.errors.push({ message: `invalid MAC address \`${mac.value}\` (expected six hex octets, e.g. 00:16:3e:12:34:56)`, ...at });
    else if (spec.mac.multicast) spec.errors.push({ message: `MAC address \`${mac.value}\` is a multicast address (first octet odd): no interface can use it`, ...at });
    else if (spec.mac.allZero) spec.errors.push({ message: 'MAC address 00:00:00:00:00:00 is not a valid interface address', ...at });
  }
  const ip = pairOf(spec, 'ip');
  if (ip) {
    for (const f of splitFields(ip.value, ' ')) {
      if (f.value !== '' && !IPV4.test(f.value)) {
        spec.warnings.push({ message: `\`${f.value}\` is not an IPv4 address`, start: ip.valueStart + f.start, end: ip.valueStart + f.end });
      }
    }
  }
  const type = pairOf(spec, 'type');
  if (type && !['ioemu', 'netfront', 'vif'].includes(type.value)) {
    spec.warnings.push({ message: `unknown vif type \`${type.value}\` (expected ioemu or netfront)`, start: type.valueStart, end: type.valueEnd });
  }
  for (const key of ['vifname', 'bridge']) {
    const p = pairOf(spec, key);
    if (p && !IFNAME.test(p.value)) {
      spec.errors.push({ message: `${key} \`${p.value}\` is not a valid Linux interface name (1–15 characters, no blanks or slashes)`, start: p.valueStart, end: p.valueEnd });
    }
  }
  const rate = pairOf(spec, 'rate');
  if (rate && !RATE.test(rate.value)) {
    spec.warnings.push({ message: `rate \`${rate.value}\` is not in xend's form, e.g. 10Mb/s or 10MB/s@20ms`, start: rate.valueStart, end: rate.valueEnd });
  }
  const model = pairOf(spec, 'model');
  if (model && !(NIC_MODELS as readonly string[]).includes(model.value)) {
    spec.warnings.push({ message: `unknown emulated NIC model \`${model.value}\` (qemu-dm knows ${NIC_MODELS.join(', ')})`, start: model.valueStart, end: model.valueEnd });
  }
  return spec;
}

export function parseVif2Spec(s: string): KeyValueSpec {
  return parseKeyValues(s, VIF2_KEYS, (k) => `Invalid vif2 option: ${k}`);
}

export const VFB_KEYS = ['vnclisten', 'vncunused', 'vncdisplay', 'display', 'videoram', 'xauthority', 'sdl', 'vnc', 'vncpasswd', 'opengl', 'keymap', 'serial', 'monitor'] as const;

export function parseVfbSpec(s: string): KeyValueSpec {
  const spec = parseKeyValues(s, [...VFB_KEYS, 'type'], (k) => `configuration option ${k} unknown to vfbs`);
  const type = pairOf(spec, 'type');
  if (type && type.value !== 'vnc' && type.value !== 'sdl') {
    spec.errors.push({ message: `configuration option ${type.value} unknown to vfbs (\`type\` must be vnc or sdl)`, start: type.valueStart, end: type.valueEnd });
  }
  for (const key of ['vncunused', 'vnc', 'sdl', 'opengl']) {
    const p = pairOf(spec, key);
    if (p && p.value !== '0' && p.value !== '1') {
      spec.warnings.push({ message: `${key}=${p.value}: expected 0 or 1`, start: p.valueStart, end: p.valueEnd });
    }
  }
  for (const key of ['vncdisplay', 'videoram']) {
    const p = pairOf(spec, key);
    if (p && !/^\d+$/.test(p.value)) spec.errors.push({ message: `${key}=${p.value}: expected a non-negative integer`, start: p.valueStart, end: p.valueEnd });
  }
  const listen = pairOf(spec, 'vnclisten');
  if (listen && !IPV4.test(listen.value) && !/^[A-Za-z0-9.:-]+$/.test(listen.value)) {
    spec.warnings.push({ message: `vnclisten \`${listen.value}\` is not an address`, start: listen.valueStart, end: listen.valueEnd });
  }
  return spec;
}

// ---------------------------------------------------------------------------
// pci = ['[dom:]bus:dev.func[@vslot][,opt=val…]']

export interface PciSpec {
  raw: string;
  domain: number;
  bus: number;
  slot: number;
  /** A function number, or '*' for all functions. */
  func: number | '*';
  vslot?: number;
  options: Record<string, string>;
  errors: SpecIssue[];
  warnings: SpecIssue[];
}

const PCI = /^(?:([0-9a-fA-F]{1,4}):)?([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2})\.([0-7*])(?:@([0-9a-fA-F]{1,2}))?$/;

export function parsePciSpec(s: string): PciSpec {
  const spec: PciSpec = { raw: s, domain: 0, bus: 0, slot: 0, func: 0, options: {}, errors: [], warnings: [] };
  const parts = splitFields(s, ',');
  const bdf = trimmed(parts[0]!);
  const m = PCI.exec(bdf.value);
  if (!m) {
    spec.errors.push({ message: `\`${bdf.value}\` is not a PCI address ([DDDD:]BB:DD.F[@VS], hex)`, start: bdf.start, end: bdf.end });
  } else {
    spec.domain = m[1] ? parseInt(m[1], 16) : 0;
    spec.bus = parseInt(m[2]!, 16);
    spec.slot = parseInt(m[3]!, 16);
    spec.func = m[4] === '*' ? '*' : parseInt(m[4]!, 10);
    if (m[5]) spec.vslot = parseInt(m[5], 16);
    if (spec.slot > 0x1f) spec.errors.push({ message: `PCI device number 0x${m[3]} is above 0x1f`, start: bdf.start, end: bdf.end });
    if (spec.vslot !== undefined && spec.vslot > 0x1f) spec.errors.push({ message: `virtual slot 0x${m[5]} is above 0x1f`, start: bdf.start, end: bdf.end });
  }
  for (const part of parts.slice(1)) {
    const f = trimmed(part);
    const eq = f.value.indexOf('=');
    if (eq < 0) {
      spec.errors.push({ message: `PCI option \`${f.value}\` should be key=value`, start: f.start, end: f.end });
      continue;
    }
    const key = f.value.slice(0, eq).trim();
    const value = f.value.slice(eq + 1).trim();
    spec.options[key] = value;
    if (key !== 'msitranslate' && key !== 'power_mgmt') spec.warnings.push({ message: `unknown PCI option \`${key}\` (known: msitranslate, power_mgmt)`, start: f.start, end: f.end });
    else if (value !== '0' && value !== '1') spec.errors.push({ message: `${key}=${value}: expected 0 or 1`, start: f.start, end: f.end });
  }
  return spec;
}

// ---------------------------------------------------------------------------

export interface UuidInfo {
  /** xend's uuid.fromString accepts 32 hex digits with dashes anywhere. */
  valid: boolean;
  /** In the 8-4-4-4-12 form. */
  canonical: boolean;
  /** Lower case 8-4-4-4-12 form, when valid. */
  normalized?: string;
  /** The nil UUID belongs to Domain-0. */
  nil: boolean;
}

export function parseUuid(s: string): UuidInfo {
  const hex = s.replace(/-/g, '');
  const valid = /^[0-9a-fA-F]{32}$/.test(hex);
  const canonical = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s);
  const info: UuidInfo = { valid, canonical, nil: valid && /^0+$/.test(hex) };
  if (valid) {
    const h = hex.toLowerCase();
    info.normalized = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  return info;
}

// ---------------------------------------------------------------------------
// cpus = "0-3,^1" or ["0-1", "2"] (one entry per VCPU); xend 4.0 semantics: left to right,
// `a-b` adds a range, `n` adds n, `^n` removes n from what was added so far.

export interface CpuSpec {
  cpus: number[];
  errors: SpecIssue[];
  warnings: SpecIssue[];
}

const MAX_CPU = 4096;

function pyInt(s: string): number | undefined {
  const t = s.trim();
  return /^[+-]?\d+$/.test(t) ? parseInt(t, 10) : undefined;
}

export function parseCpuSpec(s: string): CpuSpec {
  const spec: CpuSpec = { cpus: [], errors: [], warnings: [] };
  let list: number[] = [];
  for (const f of splitFields(s, ',')) {
    const dash = f.value.indexOf('-');
    if (f.value.trim() === '') {
      spec.errors.push({ message: 'empty CPU entry', start: f.start, end: f.end });
      continue;
    }
    if (dash >= 0) {
      const a = pyInt(f.value.slice(0, dash));
      const b = pyInt(f.value.slice(dash + 1));
      if (a === undefined || b === undefined || f.value.slice(dash + 1).includes('-')) {
        spec.errors.push({ message: `\`${f.value.trim()}\` is not a CPU range (a-b)`, start: f.start, end: f.end });
        continue;
      }
      if (a > b) spec.warnings.push({ message: `empty CPU range \`${f.value.trim()}\``, start: f.start, end: f.end });
      if (b - a > MAX_CPU) {
        spec.errors.push({ message: `CPU range \`${f.value.trim()}\` is implausibly large`, start: f.start, end: f.end });
        continue;
      }
      for (let c = a; c <= b; c++) list.push(c);
    } else if (f.value.trim().startsWith('^')) {
      const n = pyInt(f.value.trim().slice(1));
      if (n === undefined) {
        spec.errors.push({ message: `\`${f.value.trim()}\` is not a CPU exclusion (^n)`, start: f.start, end: f.end });
        continue;
      }
      if (!list.includes(n)) spec.warnings.push({ message: `\`^${n}\` excludes a CPU not listed before it (exclusions only remove what comes earlier)`, start: f.start, end: f.end });
      list = list.filter((c) => c !== n);
    } else {
      const n = pyInt(f.value);
      if (n === undefined) {
        spec.errors.push({ message: `\`${f.value.trim()}\` is not a CPU number`, start: f.start, end: f.end });
        continue;
      }
      list.push(n);
    }
  }
  for (const c of list) if (c < 0) spec.errors.push({ message: `negative CPU number ${c}`, start: 0, end: s.length });
  spec.cpus = list;
  return spec;
}

export interface CpusValue {
  /** For the string (or int) form: the CPUs every VCPU may run on. */
  cpus?: number[];
  /** For the list form: one CPU set per VCPU, in order. */
  perVcpu?: number[][];
  /** Issues; for the list form `index` says which entry. */
  errors: Array<SpecIssue & { index?: number }>;
  warnings: Array<SpecIssue & { index?: number }>;
}

export function parseCpus(value: PyValue): CpusValue {
  if (typeof value === 'string') {
    const r = parseCpuSpec(value);
    return { cpus: r.cpus, errors: r.errors, warnings: r.warnings };
  }
  if (typeof value === 'number' && Number.isInteger(value)) return { cpus: [value], errors: [], warnings: [] };
  if (Array.isArray(value)) {
    const out: CpusValue = { perVcpu: [], errors: [], warnings: [] };
    value.forEach((v, index) => {
      const r = typeof v === 'string' ? parseCpuSpec(v) : typeof v === 'number' && Number.isInteger(v) ? { cpus: [v], errors: [], warnings: [] } : undefined;
      if (!r) {
        out.errors.push({ message: `cpus entry ${index} is not a string`, start: 0, end: 0, index });
        out.perVcpu!.push([]);
        return;
      }
      out.perVcpu!.push(r.cpus);
      out.errors.push(...r.errors.map((e) => ({ ...e, index })));
      out.warnings.push(...r.warnings.map((e) => ({ ...e, index })));
    });
    return out;
  }
  return { errors: [{ message: 'cpus must be a string such as "0-3,^1" or a list of such strings', start: 0, end: 0 }], warnings: [] };
}

// ---------------------------------------------------------------------------

export const LIFECYCLE_ACTIONS = {
  on_poweroff: ['destroy', 'restart', 'preserve', 'rename-restart'],
  on_reboot: ['destroy', 'restart', 'preserve', 'rename-restart'],
  on_crash: ['destroy', 'restart', 'preserve', 'rename-restart', 'coredump-destroy', 'coredump-restart'],
} as const;

export type LifecycleVariable = keyof typeof LIFECYCLE_ACTIONS;

export function parseLifecycleAction(variable: LifecycleVariable, value: string): { valid: boolean; allowed: readonly string[]; message?: string } {
  const allowed = LIFECYCLE_ACTIONS[variable];
  if (allowed.includes(value as never)) return { valid: true, allowed };
  const hint = variable !== 'on_crash' && value.startsWith('coredump') ? ` (${value} is only valid for on_crash)` : '';
  return { valid: false, allowed, message: `Invalid event handling mode \`${value}\` for ${variable}: expected ${allowed.join(', ')}${hint}` };
}

// ---------------------------------------------------------------------------

/**
 * The source span of value[start, end) when the value is a single plain string
 * literal written without escapes (so characters map 1:1); otherwise `literal` itself.
 */
export function locateInLiteral(source: { text: string; lines: LineIndex }, literal: Span, start: number, end: number): Span {
  const src = source.text.slice(literal.start.offset, literal.end.offset);
  const m = /^([uUbB]?[rR]?)('''|"""|'|")/.exec(src);
  if (!m) return literal;
  const open = m[1]!.length + m[2]!.length;
  const body = src.slice(open, src.length - m[2]!.length);
  if (!src.endsWith(m[2]!) || src.length < open + m[2]!.length) return literal;
  // escapes, CRs or another literal concatenated to it: characters no longer map 1:1
  if (body.includes('\\') || body.includes('\r') || body.includes(m[2]!)) return literal;
  if (start < 0 || end > body.length || start > end) return literal;
  const base = literal.start.offset + open;
  return source.lines.span(base + start, base + end);
}
