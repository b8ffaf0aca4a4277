// xl simulator: what xl prints (spec xl-xendomains.md §10): libxl JSON in yajl's
// beautify layout (`xl list -l`, the dry run, the config inside a save image) and
// `xl list`'s table. The save images are sim-image.mjs's; the domains themselves
// live in the xm simulator's state file.

import { uuidFor } from './sim-sxp.mjs';

/** yajl_gen_beautify with a 4-space indent: empty objects/arrays as `{`, an empty line, `}`. */
export function yajl(value, depth = 0) {
  const pad = '    '.repeat(depth);
  const inner = '    '.repeat(depth + 1);
  if (Array.isArray(value)) {
    if (!value.length) return `[\n\n${pad}]`;
    return `[\n${value.map((v) => inner + yajl(v, depth + 1)).join(',\n')}\n${pad}]`;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    if (!keys.length) return `{\n\n${pad}}`;
    return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${yajl(value[k], depth + 1)}`).join(',\n')}\n${pad}}`;
  }
  return JSON.stringify(value);
}

/** Domain-0 and the xenstore stub domain: the minimal config xen-init-dom0 / init-xenstore-domain store. */
const minimal = (d) => d.id === 0 || d.xenstore;

/**
 * A domain's libxl_domain_config as `xl list -l` prints it (§10.2): c_info with
 * `domid` 4294967295 and a UUID for ordinary domains, b_info, the channels whose
 * `name` keys the script mistakes for domain names (X5), the on_* actions.
 */
export function domainConfig(d, { forImage = false, dryRun = false } = {}) {
  const memkb = (d.memory ?? 128) * 1024;
  if (minimal(d)) {
    return { c_info: { type: 'pv', name: d.name }, b_info: { max_vcpus: d.vcpus ?? 1, max_memkb: memkb, target_memkb: memkb } };
  }
  const c_info = { type: d.type ?? 'pv', name: d.name };
  if (!dryRun) c_info.domid = forImage ? 0 : 4294967295;
  c_info.uuid = d.uuid ?? uuidFor(d.name, d.id ?? 0);
  c_info.run_hotplug_scripts = 'True';
  const config = {
    c_info,
    b_info: { max_vcpus: d.vcpus ?? 1, avail_vcpus: [0], max_memkb: memkb, target_memkb: memkb, [`type.${d.type ?? 'pv'}`]: {} },
  };
  if (d.channels?.length) config.channels = d.channels.map((name, devid) => ({ devid, name, 'connection.pty': {} }));
  Object.assign(config, { on_poweroff: 'destroy', on_reboot: 'restart', on_watchdog: 'destroy', on_crash: 'destroy', on_soft_reset: 'soft_reset' });
  return config;
}

/** `xl list -l`: the array by domid, config-less domains left out (X10); yajl's newline plus puts'. */
export function listLong(domains) {
  const shown = [...domains].filter((d) => !d.noConfig).sort((a, b) => a.id - b.id);
  return `${yajl(shown.map((d) => ({ domid: d.id, config: domainConfig(d) })))}\n\n`;
}

/** `xl list`: the header and one row per domain (§9.3). */
export function listBrief(domains) {
  const rows = [...domains].sort((a, b) => a.id - b.id).map((d) => {
    const st = (d.state ?? '-b----').padEnd(6, '-').slice(0, 6);
    return `${d.name.padEnd(40)} ${String(d.id).padStart(5)} ${String(d.memory ?? 128).padStart(5)} ${String(d.vcpus ?? 1).padStart(5)}     ${st}  ${(d.cpuTime ?? 0).toFixed(1).padStart(8)}`;
  });
  return [`${'Name'.padEnd(40)}ID   Mem VCPUs\tState\tTime(s)`, ...rows].join('\n') + '\n';
}

// The save images (§10.5) are sim-image.mjs's, with xm's; re-exported for the files that import them from here.
// (sim-image.mjs imports yajl and domainConfig from this module: a cycle, harmless since neither module uses the
// other's bindings while it loads.)
export { imageHead, MAGIC, readXlImage, RestoreError, writeXlImage } from './sim-image.mjs';
