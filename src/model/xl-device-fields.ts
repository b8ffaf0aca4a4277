// xl's small device languages (spec §10.1, §10.4, §10.5): `vfb`, `usbctrl`,
// `usbdev` and `channel` elements as xl_parse.c reads them — which fields it
// ignores, which make `xl create` exit, and what a value it cannot read becomes.
// Pure; XD3112–XD3114 judge the problems. PCI is xl-pci.ts, vif xl-vif.ts.

import { atoi, atoiReadsNumber, isCSpace, strtoul0 } from './c-scan.js';

/** One comma-separated field of a device string, as C's strtok cuts it (empty fields vanish). */
export interface DeviceField {
  /** Offsets in the element: `start` after the spaces xl skips (strtok fields) or trims (pairs). */
  start: number;
  end: number;
  text: string;
}

export interface DeviceProblem {
  field: DeviceField | undefined;
  message: string;
  /** `xl create` exits (else xl carries on without what was written). */
  fatal: boolean;
}

/** strtok(buf, ","), then xl's `while (*p == ' ') p++` (blanks only, not tabs). */
export function strtokFields(spec: string): DeviceField[] {
  const fields: DeviceField[] = [];
  let i = 0;
  while (i < spec.length) {
    let end = spec.indexOf(',', i);
    if (end < 0) end = spec.length;
    if (end > i) {
      let start = i;
      while (start < end && spec[start] === ' ') start++;
      fields.push({ start, end, text: spec.slice(start, end) });
    }
    i = end + 1;
  }
  return fields;
}

/** `key=value` as MATCH_OPTION sees it: the key is everything before the first `=`. */
function keyValue(text: string): { key: string; value: string } | undefined {
  const eq = text.indexOf('=');
  return eq < 0 ? undefined : { key: text.slice(0, eq), value: text.slice(eq + 1) };
}

const blanksHint = (key: string) => (/[ \t]$/.test(key) || /^[\t]/.test(key) ? ' (xl keeps blanks around `=`: write key=value)' : '');

// --- vfb (§10.1) -------------------------------------------------------------

const VFB_NUMBERS = new Set(['vnc', 'sdl', 'opengl', 'vncunused', 'vncdisplay']);
const VFB_STRINGS = new Set(['vnclisten', 'vncpasswd', 'keymap', 'display', 'xauthority']);
/** xm's vfb keys that xl ignores, with what to write instead. */
const VFB_XM_KEYS: Record<string, (value: string) => string> = {
  type: (v) => (v === 'sdl' ? 'xl ignores type=: without sdl=1 (and vnc=0) this guest gets a VNC framebuffer, not SDL' : v === 'vnc' ? 'xl ignores type= (VNC is its default; write vnc=1 or remove it)' : 'xl ignores type=: write vnc=1 or sdl=1'),
  videoram: () => 'xl ignores videoram= in vfb (for HVM guests the top-level videoram key sets it)',
  serial: () => 'xl ignores serial= in vfb (use the top-level serial key)',
  monitor: () => 'xl ignores monitor= in vfb',
  vncviewer: () => 'xl ignores vncviewer= (use `xl create -V`)',
};

export function checkVfb(spec: string): DeviceProblem[] {
  const problems: DeviceProblem[] = [];
  const fields = strtokFields(spec);
  for (let n = 0; n < fields.length; n++) {
    const field = fields[n]!;
    const kv = keyValue(field.text);
    if (!kv) {
      const rest = fields.slice(n + 1).map((f) => f.text);
      problems.push({ field, message: `\`${field.text}' is not key=value: xl stops reading this vfb there${rest.length ? `, so ${rest.map((r) => `\`${r}'`).join(', ')} ${rest.length > 1 ? 'are' : 'is'} ignored too` : ''}`, fatal: false });
      break;
    }
    const { key, value } = kv;
    if (VFB_NUMBERS.has(key)) {
      if (!atoiReadsNumber(value)) problems.push({ field, message: `${key}=${value}: xl reads it as a number (atoi), so it means ${key}=0${key === 'vnc' ? ' — VNC off' : ''}; write 0 or 1`, fatal: false });
    } else if (!VFB_STRINGS.has(key)) {
      const xm = VFB_XM_KEYS[key];
      problems.push({ field, message: xm ? `${xm(value)}` : `xl ignores the unknown vfb key \`${key}'${blanksHint(key)}`, fatal: false });
    }
  }
  return problems;
}

// --- usbctrl / usbdev (§10.4) --------------------------------------------------

const USBCTRL_TYPES = ['auto', 'pv', 'devicemodel', 'qusb'];

export function checkUsbctrl(spec: string): DeviceProblem[] {
  const problems: DeviceProblem[] = [];
  for (const field of strtokFields(spec)) {
    const kv = keyValue(field.text);
    const key = kv?.key;
    if (kv && key === 'type') {
      if (!USBCTRL_TYPES.includes(kv.value.toLowerCase())) {
        return [...problems, { field, message: `Invalid usb controller type '${kv.value}' (auto, pv, devicemodel or qusb)`, fatal: true }];
      }
    } else if (kv && key === 'version') {
      const v = atoi(kv.value);
      if (!atoiReadsNumber(kv.value)) problems.push({ field, message: `version=${kv.value} is read as 0 (atoi): the default version`, fatal: false });
      else if (v !== 0 && (v < 1 || v > 3)) problems.push({ field, message: `USB version ${v} does not exist (1, 2 or 3): libxl refuses the controller when the domain is created`, fatal: true });
    } else if (kv && key === 'ports') {
      const v = atoi(kv.value);
      if (!atoiReadsNumber(kv.value)) problems.push({ field, message: `ports=${kv.value} is read as 0 (atoi): the default number of ports`, fatal: false });
      else if (v !== 0 && (v < 1 || v > 31)) problems.push({ field, message: `ports=${v} is out of range (1-31): libxl refuses the controller when the domain is created`, fatal: true });
    } else {
      return [...problems, { field, message: `Unknown string \`${field.text}' in usbctrl spec${kv ? blanksHint(kv.key) : ''}`, fatal: true }];
    }
  }
  return problems;
}

export function checkUsbdev(spec: string): DeviceProblem[] {
  const problems: DeviceProblem[] = [];
  const seen = new Set<string>();
  for (const field of strtokFields(spec)) {
    const kv = keyValue(field.text);
    const key = kv?.key ?? '';
    if (kv && key === 'type') {
      if (kv.value.toLowerCase() !== 'hostdev') return [...problems, { field, message: `Invalid usb device type: ${kv.value} (the only type is hostdev)`, fatal: true }];
    } else if (kv && (key === 'hostbus' || key === 'hostaddr')) {
      if (!strtoul0(kv.value).converted) problems.push({ field, message: `${key}=${kv.value} is read as 0 (strtoul): give the host's USB ${key === 'hostbus' ? 'bus' : 'device address'} number`, fatal: false });
    } else if (kv && (key === 'controller' || key === 'port')) {
      if (!atoiReadsNumber(kv.value)) problems.push({ field, message: `${key}=${kv.value} is read as 0 (atoi)`, fatal: false });
    } else {
      return [...problems, { field, message: `Unknown string \`${field.text}' in usbdev spec${kv ? blanksHint(kv.key) : ''}`, fatal: true }];
    }
    seen.add(key);
  }
  const missing = ['hostbus', 'hostaddr'].filter((k) => !seen.has(k));
  if (missing.length) problems.push({ field: undefined, message: `no ${missing.join(' and ')}: a hostdev USB device needs both hostbus and hostaddr (see lsusb) to say which host device to pass through`, fatal: false });
  return problems;
}

// --- channel (§10.5) ------------------------------------------------------------

function trimC(text: string): { text: string; lead: number } {
  let a = 0;
  let b = text.length;
  while (a < b && isCSpace(text[a])) a++;
  while (b > a && isCSpace(text[b - 1])) b--;
  return { text: text.slice(a, b), lead: a };
}

export function checkChannel(spec: string): DeviceProblem[] {
  const problems: DeviceProblem[] = [];
  let connection: string | undefined;
  let path = false;
  let name = false;
  for (let i = 0; i < spec.length; ) {
    let end = spec.indexOf(',', i);
    if (end < 0) end = spec.length;
    if (end > i) {
      const raw = spec.slice(i, end);
      const t = trimC(raw);
      const field: DeviceField = { start: i + t.lead, end: i + t.lead + t.text.length, text: t.text };
      const eq = raw.indexOf('=');
      if (eq < 0 || eq === raw.length - 1) return [...problems, { field, message: `failed to parse channel configuration: ${raw} (each field is key=value)`, fatal: true }];
      const key = trimC(raw.slice(0, eq)).text;
      const value = trimC(raw.slice(eq + 1)).text;
      if (key === 'connection') {
        if (value !== 'pty' && value !== 'socket') return [...problems, { field, message: `unknown channel connection '${value}' (pty or socket, in lower case)`, fatal: true }];
        connection = value;
      } else if (key === 'path') path = true;
      else if (key === 'name') name = true;
      else if (key !== 'backend') problems.push({ field, message: `unknown channel parameter '${key}', ignoring (xl knows backend, name, path and connection)`, fatal: false });
    }
    i = end + 1;
  }
  if (connection === undefined) return [...problems, { field: undefined, message: "channel has unknown 'connection': add connection=pty or connection=socket,path=…", fatal: true }];
  if (connection === 'socket' && !path) return [...problems, { field: undefined, message: "channel connection 'socket' requires path=..", fatal: true }];
  if (!name) problems.push({ field: undefined, message: 'the channel has no name=: xl.cfg(5) makes it mandatory (the guest finds a channel by its name) but xl does not check it', fatal: false });
  return problems;
}

// --- vtpm (§10.6) ----------------------------------------------------------------

export function checkVtpm(spec: string): DeviceProblem[] {
  const problems: DeviceProblem[] = [];
  let backend = false;
  const fields = strtokFields(spec);
  for (let n = 0; n < fields.length; n++) {
    const field = fields[n]!;
    const kv = keyValue(field.text);
    if (!kv) {
      const rest = fields.slice(n + 1).map((f) => `\`${f.text}'`);
      problems.push({ field, message: `\`${field.text}' is not key=value: xl stops reading this vtpm there${rest.length ? `, so ${rest.join(', ')} ${rest.length > 1 ? 'are' : 'is'} ignored too` : ''}`, fatal: false });
      break;
    }
    if (kv.key === 'backend') backend = true;
    else if (kv.key === 'uuid') {
      if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(kv.value)) return [...problems, { field, message: `Failed to parse vtpm UUID: ${kv.value}`, fatal: true }];
    } else {
      const xm = kv.key === 'instance' ? ' (xm\'s vTPM instance number: xl\'s vTPMs are stub domains, named with backend=)' : blanksHint(kv.key);
      return [...problems, { field, message: `Unknown string \`${kv.key}' in vtpm spec${xm}`, fatal: true }];
    }
  }
  if (!backend) problems.push({ field: undefined, message: 'vtpm spec missing required backend field! (backend= names the vTPM stub domain)', fatal: true });
  return problems;
}
