// XD3105: a `disk` element xl cannot use: the errors xlu_disk_parse prints
// (xl then exits), and what libxl rejects only at create time but can be
// decided here — an invalid vdev, a relative target, blanks before a comma.

import { defineRule } from '../src/lint/rule.js';
import { eachListString } from '../src/lint/xl-settings.js';
import { diskErrorMessage, parseXlDisk } from '../src/model/xl-disk.js';

/** libxl's virtual disk identifiers (libxl_device_disk_dev_number): xvdX[N], hdX[N], sdX[N], dNpM, or a number. */
export function validVdev(vdev: string): boolean {
  const partition = (p: string | undefined, max: number) => p === undefined || p === '' || (/^[1-9]\d*$/.test(p) && Number(p) <= max);
  let m = /^xvd([a-z]+)(\d*)$/.exec(vdev);
  if (m) return m[1]!.length <= 4 && partition(m[2], 255);
  m = /^hd([a-z])(\d*)$/.exec(vdev);
  if (m) return m[1]! <= 'd' && partition(m[2], 63);
  m = /^sd([a-z])(\d*)$/.exec(vdev);
  if (m) return m[1]! <= 'p' && partition(m[2], 15);
  if (/^d(0|[1-9]\d*)(p(0|[1-9]\d*))?$/.test(vdev)) return true;
  return /^\d+$/.test(vdev);
}

export default defineRule({
  code: 'XD3105',
  name: 'xl-disk-spec',
  severity: 'error',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'A `disk` element that xl rejects (xlu_disk_parse\'s errors) or that libxl will refuse at create time (vdev, relative target, stray blanks).',
    rationale: `xl parses each disk string with its own scanner, whose positional order is **target, format, vdev, access**: without
an xm-style prefix the second field is the *format*, so \`/dev/vg/x,xvda,w\` fails with \`unknown value for format\`. xm's
\`w!\`, \`tap:sync:\` and custom \`proto:\` prefixes are rejected, \`target=\` swallows everything after it (so it must come last),
and any error makes \`xl create\` exit. Some mistakes pass the parser and fail only when libxl creates the disk: an invalid
virtual device name, a relative target path (looked up from xl's working directory), and blanks before a comma, which
become part of the value (\`"xvda "\`). The message quotes xl's own error.`,
    bad: [
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\ndisk = [ "/dev/vg0/web,xvda,w" ]\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\ndisk = [ "phy:/dev/vg0/web,xvda,w!" ]\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\ndisk = [ "target=/dev/vg0/web,vdev=xvda" ]\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\ndisk = [ "phy:/dev/vg0/web,xvd,w" ]\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\ndisk = [ "phy:/dev/vg0/web , xvda , w" ]\n' },
    ],
    good: [{ kind: 'domain', file: 'web.cfg', text: 'name = "web"\ndisk = [ "/dev/vg0/web,raw,xvda,rw", "phy:/dev/vg0/swap,xvdb,w",\n         "format=qcow2,vdev=xvdc,access=ro,target=/srv/a,b.qcow2", ",hdc:cdrom,r" ]\n' }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const item of eachListString(d, 'disk')) {
        const spec = item.text;
        const parsed = parseXlDisk(spec);
        if (parsed.errors.length) {
          for (const e of parsed.errors) ctx.report(item.span, `xl create exits: ${diskErrorMessage(e, spec)}${hint(e.reason, e.near, spec)}`);
          continue;
        }
        if (parsed.vdev !== null && !validVdev(parsed.vdev)) {
          const blanks = /\s$/.test(parsed.vdev) ? ' (blanks before the comma are part of the value)' : '';
          ctx.report(item.span, `vdev "${parsed.vdev}" is not a virtual disk name libxl accepts (xvdX, hdX, sdX, dNpM): creating the domain fails with "Invalid or unsupported virtual disk identifier"${blanks}`);
        }
        const target = parsed.target ?? '';
        if (target !== '' && /[ \t]$/.test(target) && !parsed.script) {
          ctx.report(item.span, `the target is "${target}" with trailing blanks (blanks before a comma are kept): libxl cannot find it`);
        } else if (target !== '' && !target.startsWith('/') && !parsed.script && !parsed.cdrom) {
          ctx.report(item.span, `the target "${target}" is a relative path: libxl looks it up from xl's working directory, not /dev; write the absolute path`);
        }
      }
    }
  },
});

function hint(reason: string, near: string | null, spec: string): string {
  if (reason === 'unknown value for format') return ' (without a `phy:`/`file:` prefix the fields are target,format,vdev,access: write `path,raw,vdev,access` or `path,,vdev,access`)';
  if (reason === 'unknown value for access' && near === 'w!') return ' (xl has no shared-write mode `w!`: use `w`)';
  if (reason === 'unknown deprecated disk prefix') return ' (use `script=block-NAME,vdev=…,target=…` for a custom block script, or drop the prefix)';
  if (reason === 'no vdev specified' && /target=[^,]*,/.test(spec)) return ' (`target=` takes the rest of the string, so it must come last)';
  return '';
}
