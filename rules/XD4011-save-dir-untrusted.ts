// XD4011: a XENDOMAINS_SAVE directory, or an entry in it, that root does not
// own or that others can write: the place where root's `xm save` writes and
// from which `xm restore` (as root) reads. Needs the host's save-dir scan with
// owners and modes (src/host/save-dir.ts); judging them is all this rule does.

import type { FileOwner, SaveEntry } from '../src/plan/state.js';
import { fileSpan } from '../src/model/span.js';
import { defineRule } from '../src/lint/rule.js';

const ROOT_UID = 0;

function writers(mode: number): string | undefined {
  if (mode & 0o002) return 'everyone';
  if (mode & 0o020) return 'its group';
  return undefined;
}

function dirFinding(save: string, owner: FileOwner): string | undefined {
  const who = writers(owner.mode);
  const sticky = owner.mode & 0o1000 ? ', sticky' : '';
  if (owner.uid !== ROOT_UID) return `${save} is owned by uid ${owner.uid}, not root: whoever owns it can plant a symlink at SAVE/NAME, which \`xm save\` (as root) writes through, or an image that \`start\` restores as root`;
  if (who) return `${save} is writable by ${who} (mode ${(owner.mode & 0o7777).toString(8)}${sticky}): anyone there can plant a symlink at SAVE/NAME or an image of their own; make it root's, mode 0700`;
  return undefined;
}

function entryFinding(save: string, e: SaveEntry): string | undefined {
  const o = e.owner;
  if (!o) return undefined;
  const path = `${save.replace(/\/+$/, '')}/${e.name}`;
  if (o.symlink) return `${path} is a symlink: \`xm save\` writes through it and \`xm restore\` reads through it; xendomains moves it aside before a save and never restores it`;
  if (o.uid !== ROOT_UID) return `${path} is owned by uid ${o.uid}, not root: xendomains does not restore it (the reference restores it as root)`;
  const who = writers(o.mode);
  if (who) return `${path} is writable by ${who} (mode ${(o.mode & 0o7777).toString(8)}): xendomains does not restore it (the reference does)`;
  return undefined;
}

export default defineRule({
  code: 'XD4011',
  name: 'save-dir-untrusted',
  severity: 'warning',
  docs: {
    summary: 'XENDOMAINS_SAVE, or an entry in it, is not owned by root, is writable by others, or is a symlink.',
    rationale: `\`xm save\` runs as root and writes \`SAVE/NAME\`, following a symlink there; \`xm restore\` runs as root on every
image in SAVE at boot. Whoever can write SAVE can plant \`SAVE/web -> /etc/shadow\` (the next stop overwrites it with
a memory image) or an image of their own making (the next boot runs it as a guest). xendomains moves anything at
\`SAVE/NAME\` aside before a save and creates the file itself, refuses to restore an image root does not own or others
can write, and reports both; a SAVE that others can write still leaves a short race between creating the file and
xm opening it. Keep SAVE root's, mode 0700. The examples describe SAVE's owner and mode, and its entries' (root and
0600 when not given).`,
    bad: [
      { kind: 'sysconfig', text: 'XENDOMAINS_SAVE=/var/lib/xen/save\n', saveDir: [], saveDirOwner: { uid: 0, mode: 0o1777 } },
      { kind: 'sysconfig', text: 'XENDOMAINS_SAVE=/var/lib/xen/save\n', saveDir: [{ name: 'web', content: 'LinuxGuestRecord', uid: 1000 }] },
      { kind: 'sysconfig', text: 'XENDOMAINS_SAVE=/var/lib/xen/save\n', saveDir: [{ name: 'db', content: 'LinuxGuestRecord', mode: 0o666 }] },
      { kind: 'sysconfig', text: 'XENDOMAINS_SAVE=/var/lib/xen/save\n', saveDir: [{ name: 'mail', content: 'precious', symlink: true }] },
    ],
    good: [{ kind: 'sysconfig', text: 'XENDOMAINS_SAVE=/var/lib/xen/save\n', saveDir: [{ name: 'web', content: 'LinuxGuestRecord' }], saveDirOwner: { uid: 0, mode: 0o700 } }],
  },
  check(ctx) {
    const save = ctx.settings.XENDOMAINS_SAVE;
    if (!save.value || !ctx.sysconfig) return;
    const span = save.assignment?.valueSpan ?? fileSpan(ctx.sysconfig.file);
    const dir = ctx.saveDirOwner && dirFinding(save.value, ctx.saveDirOwner);
    if (dir) ctx.report(span, dir);
    for (const e of ctx.saveDir ?? []) {
      const message = entryFinding(save.value, e);
      if (message) ctx.report(span, message);
    }
  },
});
