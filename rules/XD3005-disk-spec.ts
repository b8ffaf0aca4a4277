// XD3005: `disk` entries xm or xend reject: wrong field count, no type
// prefix, unknown type, bad mode, a vdev xend cannot name, and a virtual
// device or backing file named twice in one config.

import { deviceFindings, devicesOf } from '../src/lint/device-specs.js';
import { defineRule, type LintContext } from '../src/lint/rule.js';
import type { DomainConfigModel } from '../src/model/domain.js';
import type { DiskSpec } from '../src/model/domain-values.js';

export default defineRule({
  code: 'XD3005',
  name: 'disk-spec',
  severity: 'error',
  dialect: 'xm',
  scope: 'file',
  docs: {
    summary: 'A `disk` entry that xm or xend rejects: not `uname,vdev,mode`, a uname without `phy:`/`file:`/`tap:…:` prefix, an unknown mode, an invalid virtual device.',
    rationale: `Each disk entry is \`<type>:<target>,<vdev>,<mode>\` with mode \`r\`, \`w\` or \`w!\`. xm splits on commas and fails with
"Invalid disk specifier" when there are not 3 to 5 fields; xend refuses unnamed types and bad devices. Either way the
domain does not start at boot. \`/path,raw,xvda,rw\` is the xl syntax and does not work with xm. xend also refuses a config
that gives the same virtual device (or the same backing uname) to two entries — a copy-and-paste slip that only shows at
the next boot.`,
    bad: [
      { kind: 'domain', file: 'web.cfg', text: "name = 'web'\ndisk = ['/dev/vg0/web,xvda,w']\n" },
      { kind: 'domain', file: 'web.cfg', text: "name = 'web'\ndisk = ['phy:/dev/vg0/web,xvda']\n" },
      { kind: 'domain', file: 'web.cfg', text: "name = 'web'\ndisk = ['phy:/dev/vg0/web,xvda,rw']\n" },
      { kind: 'domain', file: 'web.cfg', text: "name = 'web'\ndisk = ['phy:/dev/vg/a,xvda,w', 'phy:/dev/vg/b,xvda,w']\n" },
    ],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\ndisk = ['phy:/dev/vg0/web,xvda,w', 'file:/srv/iso/install.iso,hdc:cdrom,r', 'tap:aio:/srv/img/data.img,xvdb,w!']\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const f of deviceFindings(d, ['disk'], 'errors')) ctx.report(f.span, f.message);
      reportDuplicates(ctx, d);
    }
  },
});

/** xend rejects a vdev or a uname used twice (spec xm-commands.md §3.2, `disk`); entries that already failed to parse are left to the findings above. */
function reportDuplicates(ctx: LintContext, model: DomainConfigModel): void {
  const vdevs = new Map<string, number>();
  const unames = new Map<string, number>();
  devicesOf(model, 'disk').forEach(({ element, spec }, index) => {
    const disk = spec as DiskSpec; // DEVICE_PARSERS.disk is parseDiskSpec
    if (disk.errors.length) return;
    const vdevField = disk.fields[1];
    const seenVdev = vdevs.get(disk.vdev);
    if (disk.vdev && seenVdev !== undefined && vdevField) {
      ctx.report(element.at(vdevField.start, vdevField.end), `virtual device \`${disk.vdev}\` is already given to disk[${seenVdev}]: xend refuses the config, so the domain does not start`);
    } else if (disk.vdev) vdevs.set(disk.vdev, index);
    const seenUname = disk.uname ? unames.get(disk.uname) : undefined;
    if (seenUname !== undefined) {
      ctx.report(element.at(disk.fields[0]!.start, disk.fields[0]!.end), `\`${disk.uname}\` is already attached as disk[${seenUname}]: xend refuses the same backing device twice, so the domain does not start`);
    } else if (disk.uname) unames.set(disk.uname, index);
  });
}
