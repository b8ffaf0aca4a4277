// Planner inputs for xl hosts (spec xl-xendomains.md): the xl-era sample
// sysconfig, xl.cfg configs, `xl list -l`-shaped domains (with nested names and
// the xenstore domain) and SAVE entries holding xl save images (§10.5).
import { input } from './fixture.mjs';
import { scanSaveDir } from '../../dist/src/model/host-state.js';
import { xlToolstack } from '../../dist/src/plan/toolstack-xl.js';
import { compileXlConfig } from '../../dist/src/model/xlcfg-compile.js';

export const XL = '/usr/sbin/xl';

/** The xl-era sample (tools/hotplug/Linux/init.d/sysconfig.xendomains.in, spec §3). */
export const XL_SAMPLE = `XENDOMAINS_SYSRQ=""
XENDOMAINS_USLEEP=100000
XENDOMAINS_CREATE_USLEEP=5000000
XENDOMAINS_MIGRATE=""
XENDOMAINS_SAVE=/var/lib/xen/save
XENDOMAINS_SHUTDOWN="--wait"
XENDOMAINS_SHUTDOWN_ALL="--all --wait"
XENDOMAINS_RESTORE=true
XENDOMAINS_AUTO=/etc/xen/auto
XENDOMAINS_AUTO_ONLY=true
XENDOMAINS_STOP_MAXWAIT=300
`;

export function xlSysconfig(overrides = {}) {
  let text = XL_SAMPLE;
  for (const [name, value] of Object.entries(overrides)) {
    const line = new RegExp(`^${name}=.*\\n`, 'm');
    const replacement = value === null ? '' : `${name}=${value}\n`;
    text = line.test(text) ? text.replace(line, replacement) : text + replacement;
  }
  return text;
}

const enc = new TextEncoder();
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

/** An xl.cfg text. */
export const xlcfg = (name, extra = '') => `${name === undefined ? '' : `name = "${name}"\n`}type = "pv"\nmemory = 512\nkernel = "/boot/vmlinuz"\n${extra}`;

/**
 * Like fixture.input, for an xl host: config defaults to the xl sample; domains
 * are [id, name, nestedNames?]; saved entries take `xl: name` (a good image),
 * `bytes` (raw head) or `text`; xenstoreDomid as xenstore-read would answer.
 */
export function xlInput({ config = XL_SAMPLE, domains = [], saved = [], xenstoreDomid, ...rest } = {}) {
  const base = input({ ...rest, config, domains: domains.map(([id, name]) => [id, name]) });
  base.xm = XL;
  base.toolstack = xlToolstack;
  // AUTO configs are xl.cfg on an xl host: the xl compiler (no file-name default for `name`).
  base.auto = base.auto?.map((e) => (e.kind === 'config' ? { ...e, model: compileXlConfig(e.model.text, e.file) } : e));
  base.state.source = 'xl-json';
  base.state.domains = base.state.domains.map((d) => {
    const nested = domains.find(([id]) => id === d.id)?.[2];
    return nested ? { ...d, nestedNames: nested } : d;
  });
  if (xenstoreDomid !== undefined) base.state.xenstoreDomid = xenstoreDomid;
  base.saved = scanSaveDir(
    saved.map((s) => {
      if (s.dir) return { name: s.name, type: 'dir' };
      const head = s.xl !== undefined ? xlImageBytes(s.xl) : s.bytes ?? enc.encode(s.text ?? '');
      return { name: s.name, type: 'file', head, size: head.length };
    }),
    xlToolstack.saveImage,
  );
  return base;
}
