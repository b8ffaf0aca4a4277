// XD4008: what XENDOMAINS_SAVE holds that the next boot mishandles: a save
// image of a domain that AUTO also starts, partial or empty images, and
// entries that are not images (lost+found, stray files). Needs the host's save-dir scan.

import type { SaveEntry } from '../src/model/host-state.js';
import { fileSpan } from '../src/model/span.js';
import { entryFacts } from '../src/lint/cross-file.js';
import { defineRule, type LintContext } from '../src/lint/rule.js';

/** What `xm save` writes, as text: the signature, a big-endian u32 length (one byte suffices here), the config SXP. */
function imageText(name: string): string {
  const config = `(domain (domid 7) (name ${name}) (memory 512))`;
  return `LinuxGuestRecord\0\0\0${String.fromCharCode(config.length)}${config}`;
}

function autoNames(ctx: LintContext): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of ctx.auto ?? []) {
    const name = entryFacts(e)?.name;
    if (name && !names.has(name.value)) names.set(name.value, e.file);
  }
  return names;
}

function finding(e: SaveEntry, save: string, restore: boolean, auto: Map<string, string>): string | undefined {
  const path = `${save.replace(/\/+$/, '')}/${e.name}`;
  switch (e.kind) {
    case 'image': {
      if (e.imageName === undefined) {
        return `${path} starts like a save image but its domain config cannot be read: a partial or truncated save; \`xm restore\` fails on it at every boot and the reference never deletes it`;
      }
      const config = auto.get(e.imageName);
      if (!config) return undefined;
      return restore
        ? `${path} is a save image of domain ${e.imageName}, which ${config} also starts: at boot the image is restored (the memory of when it was saved) and the config skipped; if it is left over from a failed restore, the guest resumes on disks that changed since`
        : `${path} is a save image of domain ${e.imageName}, which ${config} also starts; XENDOMAINS_RESTORE is not "true", so it is never restored and goes stale: remove it, or restore it once by hand`;
    }
    case 'empty':
      return `${path} is empty: a save that failed at its start; the reference skips it at boot, never deletes it, and \`status\` reports \`dead\` forever`;
    case 'directory':
      return `${path} is a directory: the reference never restores or removes it, so \`status\` reports \`dead\` (MISS SAVED) forever; keep SAVE on its own directory, not a file system root with lost+found`;
    case 'not-image':
    case 'unreadable':
      return `${path} is not a save image (no LinuxGuestRecord header${e.kind === 'unreadable' ? ', or unreadable' : ''}): never restored or removed, \`status\` reports \`dead\` forever, and its name takes part in the reference's \`grep -w\` skip test at boot (Q6, Q13)`;
  }
}

export default defineRule({
  code: 'XD4008',
  name: 'stale-save-image',
  severity: 'warning',
  docs: {
    summary: 'XENDOMAINS_SAVE holds a save image of a domain that XENDOMAINS_AUTO also starts, a partial or empty image, or an entry that is not an image.',
    rationale: `A successful restore deletes its image, so an image still in SAVE on a running host is one that was never
restored or whose restore failed. At the next boot the reference restores every image before it starts the AUTO
configs and skips the configs whose domains it restored: a guest resumes with its memory from the day it was saved
while its disks moved on, which corrupts file systems. Partial images fail at every boot and stay forever. Anything
that is not an image (\`lost+found\` when SAVE is a mount point, notes, copies) is never cleaned up either: \`status\`
reports \`dead\` as long as it is there, and the reference's "already saved" test greps these names (Q6, Q13, Q14).
The examples below put \`web1\` (a save image of domain web1), \`lost+found\` (a directory) or \`db\` (only the 16-byte
signature) into /var/lib/xen/save.`,
    bad: [
      { kind: 'domain', file: 'web1.cfg', text: "name = 'web1'\nmemory = 512\n", saveDir: [{ name: 'web1', content: imageText('web1') }] },
      { kind: 'sysconfig', text: 'XENDOMAINS_SAVE=/var/lib/xen/save\nXENDOMAINS_RESTORE=true\n', saveDir: [{ name: 'lost+found' }] },
      { kind: 'sysconfig', text: 'XENDOMAINS_SAVE=/var/lib/xen/save\nXENDOMAINS_RESTORE=true\n', saveDir: [{ name: 'db', content: 'LinuxGuestRecord' }] },
    ],
    good: [{ kind: 'domain', file: 'web1.cfg', text: "name = 'web1'\nmemory = 512\n", saveDir: [{ name: 'db', content: imageText('db') }] }],
  },
  check(ctx) {
    const save = ctx.settings.XENDOMAINS_SAVE;
    if (!ctx.saveDir?.length || !save.value || !ctx.sysconfig) return;
    const span = save.assignment?.valueSpan ?? fileSpan(ctx.sysconfig.file);
    const restore = ctx.settings.XENDOMAINS_RESTORE.value === 'true';
    const auto = autoNames(ctx);
    for (const e of ctx.saveDir) {
      const message = finding(e, save.value, restore, auto);
      if (message) ctx.report(span, message);
    }
  },
});
