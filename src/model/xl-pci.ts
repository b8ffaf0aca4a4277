// xl's PCI passthrough language (spec §10.3): one `pci` element as libxlu's
// xlu_pci_parse_spec_string reads it — a positional BDF (hex, sscanf `%x`) with
// an optional `@VSLOT`, then key=value options, exactly one of BDF and `name=`.
// Pure; XD3111 judges the result. Held to Debian's libxlutil by test/xlcfg/pci-differential.

import { atoiReadsNumber, atoi, scanHex } from './c-scan.js';

/** What libxlu makes of one PCI_SPEC_STRING. */
export interface XlPci {
  /** libxlu accepted it (else xl prints "unable to parse PCI_SPEC_STRING" and exits 6). */
  ok: boolean;
  /** Why it was refused, in words (undefined when ok). */
  error?: string;
  /** What libxlu itself printed before refusing (it prints no newline), or ''. */
  report: string;
  domain: number;
  bus: number;
  dev: number;
  func: number;
  /** The virtual slot shifted left by 3, as libxl keeps it. */
  vdevfn: number;
  /** 1 for one function, 0xffffffff for `*` (all functions), 0 without a BDF. */
  vfuncMask: number;
  permissive: boolean;
  msitranslate: boolean;
  seize: boolean;
  powerMgmt: boolean;
  /** -1 unset (libxl's "invalid"), 0 strict, 1 relaxed. */
  rdmPolicy: number;
  name: string | null;
  /** Flag options whose value atoi reads no number from: xl takes them as 0, silently. */
  unreadFlags: Array<{ key: string; value: string }>;
  /**
   * A BDF whose numbers were read but no `.` followed (`01:00`): libxlu's sscanf then leaves `%n` unset and
   * reads on from an uninitialised offset, so what xl does is undefined. We refuse it.
   */
  undefinedInC: boolean;
}

const RDM_POLICIES = ['invalid', 'strict', 'relaxed'];
const FLAGS = { permissive: 'permissive', msitranslate: 'msitranslate', seize: 'seize', power_mgmt: 'powerMgmt' } as const;

function isHexOrColon(c: string | undefined): boolean {
  return c !== undefined && /[0-9a-fA-F:]/.test(c);
}

interface Bdf {
  domain: number;
  bus: number;
  dev: number;
  func: number;
  vfuncMask: number;
  end: number;
}

/** parse_bdf: the colons in the leading run of hex digits and colons decide whether a domain is given. */
function parseBdf(s: string, from: number, onUndefined?: () => void): Bdf | string {
  let colons = 0;
  for (let q = from; isHexOrColon(s[q]); q++) if (s[q] === ':') colons++;
  if (colons !== 1 && colons !== 2) return 'a BDF is [DDDD:]BB:SS.F in hex, with one or two colons';
  const parts: number[] = [];
  let i = from;
  for (let k = 0; k <= colons; k++) {
    const n = scanHex(s, i);
    if (!n) return 'a BDF is [DDDD:]BB:SS.F in hex';
    parts.push(n.value);
    i += n.used;
    const sep = k < colons ? ':' : '.';
    if (s[i] !== sep) {
      if (k === colons) onUndefined?.();
      return 'a BDF is [DDDD:]BB:SS.F in hex';
    }
    i++;
  }
  const [domain, bus, dev] = colons === 2 ? (parts as [number, number, number]) : [0, parts[0]!, parts[1]!];
  if (domain > 0xffff) return `PCI domain 0x${domain.toString(16)} is above 0xffff`;
  if (bus > 0xff) return `PCI bus 0x${bus.toString(16)} is above 0xff`;
  if (dev > 0x1f) return `PCI slot 0x${dev.toString(16)} is above 0x1f`;
  if (s[i] === '*') return { domain, bus, dev, func: 0, vfuncMask: 0xffffffff, end: i + 1 };
  const f = scanHex(s, i);
  if (!f) return 'the PCI function is missing (0-7, or * for all)';
  if (f.value > 7) return `PCI function 0x${f.value.toString(16)} is above 7`;
  return { domain, bus, dev, func: f.value, vfuncMask: 1, end: i + f.used };
}

function parseVslot(s: string, from: number): { value: number; end: number } | string {
  const n = scanHex(s, from);
  if (!n) return 'vslot needs a hex slot number';
  if (n.value > 0x1f) return `vslot 0x${n.value.toString(16)} is above 0x1f (it is hex: slot 31 is 1f)`;
  return { value: n.value, end: from + n.used };
}

export function parseXlPci(spec: string): XlPci {
  const pci: XlPci = {
    ok: false, report: '', domain: 0, bus: 0, dev: 0, func: 0, vdevfn: 0, vfuncMask: 0,
    permissive: false, msitranslate: false, seize: false, powerMgmt: false, rdmPolicy: -1, name: null, unreadFlags: [], undefinedInC: false,
  };
  const undefinedInC = () => {
    pci.undefinedInC = true;
  };
  const fail = (error: string): XlPci => ({ ...pci, ok: false, error });
  const setBdf = (b: Bdf) => Object.assign(pci, { domain: b.domain, bus: b.bus, dev: b.dev, func: b.func, vfuncMask: b.vfuncMask });
  let bdfPresent = false;
  let namePresent = false;
  let p = 0;
  const positional = parseBdf(spec, 0, undefinedInC);
  if (typeof positional !== 'string') {
    bdfPresent = true;
    setBdf(positional);
    p = positional.end;
    if (spec[p] === '@') {
      const v = parseVslot(spec, p + 1);
      if (typeof v === 'string') return fail(v);
      pci.vdevfn = v.value << 3;
      p = v.end;
    }
    if (spec[p] === ',') p++;
    else if (p < spec.length) return fail(`unexpected "${spec.slice(p)}" after the BDF (options follow a comma; no blanks)`);
  }
  while (p < spec.length) {
    const eq = spec.indexOf('=', p);
    if (eq < 0) {
      if (p === 0 && typeof positional === 'string' && isHexOrColon(spec[0])) return fail(positional);
      if (p === 0 && /^[ \t]/.test(spec)) return fail('blanks are not allowed in a PCI_SPEC_STRING');
      return fail(`"${spec.slice(p)}" is ${p === 0 ? 'neither a BDF nor' : 'not'} a key=value option`);
    }
    const first = p === 0;
    const key = spec.slice(p, eq);
    const comma = spec.indexOf(',', eq + 1);
    const value = spec.slice(eq + 1, comma < 0 ? spec.length : comma);
    p = comma < 0 ? spec.length : comma + 1;
    if (key === 'bdf') {
      const b = parseBdf(value, 0, undefinedInC);
      if (typeof b === 'string') return fail(`bdf=${value}: ${b}`);
      setBdf(b);
      bdfPresent = true;
    } else if (key === 'vslot') {
      const v = parseVslot(value, 0);
      if (typeof v === 'string') return fail(v);
      pci.vdevfn = v.value << 3;
    } else if (key in FLAGS) {
      pci[FLAGS[key as keyof typeof FLAGS]] = atoi(value) !== 0;
      if (!atoiReadsNumber(value)) pci.unreadFlags.push({ key, value });
    } else if (key === 'rdm_policy') {
      const policy = RDM_POLICIES.indexOf(value.toLowerCase());
      if (policy < 0) {
        pci.report += `Unknown RDM policy: ${value}`;
        return fail(`rdm_policy must be strict or relaxed, not "${value}"`);
      }
      pci.rdmPolicy = policy - 1;
    } else if (key === 'name') {
      namePresent = true;
      pci.name = value;
    } else {
      pci.report += `Unknown PCI_SPEC_STRING option: ${key}`;
      // A positional BDF libxlu could not read is taken as the start of an option: say what is wrong with the BDF
      if (first && typeof positional === 'string' && isHexOrColon(spec[0])) return fail(positional);
      const hint = /^[ \t]|[ \t]$/.test(key) ? ' (no blanks around options)' : '';
      return fail(`unknown option "${key}"${hint}; xl knows bdf, vslot, permissive, msitranslate, seize, power_mgmt, rdm_policy and name`);
    }
  }
  if (bdfPresent && namePresent) return fail('both a BDF and name= are given: give exactly one');
  if (!bdfPresent && !namePresent) return fail('no device: give a BDF or name=');
  pci.ok = true;
  return pci;
}
