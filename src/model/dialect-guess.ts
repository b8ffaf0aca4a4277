// Which config language a file that failed in one dialect is written in: an
// xl.cfg on an xm host, an xm (Python) config on an xl host. Lint findings and
// plan notes add the flag to use. Pure: it compiles the text the other way.

import { parseXlConfig } from '../../grammar/xlcfg/parser.js';
import type { DomainConfigModel } from './domain.js';
import { compileDomainConfig } from './domain-compile.js';
import type { Span } from './span.js';
import { DISK_FORMATS, parseXlDisk } from './xl-disk.js';

/** Keys only xl reads: in an xm config they are a sign the file was written for xl. */
export const XL_ONLY_KEYS: ReadonlySet<string> = new Set(['type', 'pvh', 'device_model_version', 'device_model_override', 'max_grant_frames', 'channel', 'p9',
  'vdispl', 'vsnd', 'vkb', 'dtdev', 'iomem', 'max_event_channels', 'driver_domain', 'seclabel', 'init_seclabel', 'cpus_soft', 'passthrough', 'vif_model']);

const RC_HINT = (toolstack: string) => `--toolstack ${toolstack} (or "toolstack": "${toolstack}" in .xendomainsrc.json)`;

/**
 * For an xl config libxlu cannot parse: why it reads as an xm (Python) config, with the flags to use; undefined
 * when it does not (a broken xl.cfg, or one that only has DOS line endings).
 */
export function xmLookalikeHint(model: DomainConfigModel): string | undefined {
  if (model.dialect !== 'xl' || !model.problems.some((p) => p.kind === 'xl-syntax')) return undefined;
  if (model.text.includes('\r') && parseXlConfig(model.text.replace(/\r/g, '')).ok) return undefined;
  const xm = compileDomainConfig(model.text, model.file);
  if (xm.problems.some((p) => p.kind === 'syntax' || p.detail === 'name-error' || p.detail === 'runtime-error')) return undefined;
  return `the file reads as an xm config (Python): if this host runs xm, use ${RC_HINT('xm')}; to move it to xl, \`xendomains convert\` it`;
}

/** An xl-syntax disk string: no xm prefix, and `key=value` fields or a format in the second place. */
function xlStyleDisk(spec: string): boolean {
  // The field test first: it rules out most xm disks (`phy:…,xvda,w`) without running xl's disk scanner.
  const fields = spec.split(',').map((f) => f.trim());
  if (!fields.some((f) => /^(vdev|target|format|access|devtype|backendtype)=/.test(f)) && !(fields.length === 4 && (DISK_FORMATS as readonly string[]).includes(fields[1]!))) return false;
  const parsed = parseXlDisk(spec);
  return !parsed.errors.length && !parsed.prefixes.length;
}

/**
 * For an xm config: where it shows it was written for xl (an xl-only key, a disk string in xl's syntax), when the
 * whole file also parses as xl.cfg; undefined otherwise.
 */
export function xlLookalike(model: DomainConfigModel): { span: Span; hint: string } | undefined {
  if (model.dialect !== 'xm' || model.problems.some((p) => p.kind === 'syntax')) return undefined;
  let signal: { span: Span; what: string } | undefined;
  for (const [name, a] of model.vars) {
    if (XL_ONLY_KEYS.has(name)) {
      signal = { span: a.nameSpan, what: `\`${name}\` is read only by xl` };
      break;
    }
  }
  const disk = model.vars.get('disk');
  if (!signal && disk && Array.isArray(disk.value)) {
    const at = disk.value.findIndex((v) => typeof v === 'string' && xlStyleDisk(v));
    if (at >= 0) signal = { span: disk.elementSpans?.[at] ?? disk.valueSpan, what: `${JSON.stringify(disk.value[at])} is a disk in xl's syntax` };
  }
  if (!signal || !parseXlConfig(model.text).ok) return undefined;
  return { span: signal.span, hint: `${signal.what}, and the file is a valid xl.cfg: if this host runs xl, use ${RC_HINT('xl')}` };
}
