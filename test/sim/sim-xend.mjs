// Simulators (xm and xl): xend (or libxl's helper) going on with a save after the
// watchdog killed `xm save` (the `xendFinishes` save fault). The hung save notes
// the image's inode in the state; the next shutdown of the domain triggers the
// rest, so the order of events is fixed by the calls, never by timing. The
// commands decide when to call these; the image format is sim-image.mjs's.

import { closeSync, fstatSync, lstatSync, openSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeImage } from './sim-image.mjs';
import { noteDeparture, updateState } from './sim-state.mjs';

/**
 * `before-shutdown`: the image was whole when xm was killed, and xend destroys the domain just
 * before the next shutdown call (which then finds no domain). `during-shutdown`: xm wrote a third;
 * xend writes the rest into the same file (wherever it was moved meanwhile) and destroys the
 * domain while the next shutdown of it waits (`--wait` then sees it go).
 */
export const XEND_FINISHES = ['before-shutdown', 'during-shutdown'];

/** Called by a hung save (fd: the image it writes) before it hangs: xend goes on without it. */
export function xendGoesOn(file, d, path, fd, when, toolstack) {
  if (!XEND_FINISHES.includes(when)) throw new Error(`xendFinishes: ${JSON.stringify(when)} is none of ${XEND_FINISHES.join(', ')}`);
  const { dev, ino } = fstatSync(fd);
  updateState(file, (s) => {
    (s.xendSaves ??= []).push({ name: d.name, id: d.id, path, dev, ino, when, toolstack });
  });
}

/** The file with this inode in the image's directory or one below (the quarantine), wherever xendomains moved it. */
function byInode(dir, dev, ino) {
  const look = (d, depth) => {
    let names;
    try {
      names = readdirSync(d);
    } catch {
      return undefined;
    }
    for (const name of names) {
      const p = join(d, name);
      let st;
      try {
        st = lstatSync(p);
      } catch {
        continue;
      }
      if (st.isFile() && st.ino === ino && st.dev === dev) return p;
      if (st.isDirectory() && depth > 0) {
        const found = look(p, depth - 1);
        if (found) return found;
      }
    }
    return undefined;
  };
  return look(dir, 1);
}

/**
 * Inside updateState: xend finishes the pending saves of this kind (for `during-shutdown`, only
 * of the domains in `names`): the rest of the image written, the domain gone as saved.
 */
export function xendFinishIn(s, when, names) {
  if (!s.xendSaves?.length) return;
  const imageBytes = Number(s.imageBytes) > 0 ? Number(s.imageBytes) : 65536;
  s.xendSaves = s.xendSaves.filter((p) => {
    if (p.when !== when || (names && !names.includes(p.name))) return true;
    const i = s.domains.findIndex((x) => x.id === p.id && x.name === p.name);
    if (i < 0) return false; // gone some other way: nothing left to save
    if (when === 'during-shutdown') {
      const at = byInode(dirname(p.path), p.dev, p.ino);
      if (at) {
        // From the start: the same bytes again, then the rest.
        const fd = openSync(at, 'r+');
        try {
          writeImage(fd, s.domains[i], { toolstack: p.toolstack, totalBytes: imageBytes });
        } finally {
          closeSync(fd);
        }
      }
    }
    noteDeparture(s, s.domains[i], 'save', { file: p.path });
    s.domains.splice(i, 1);
    return false;
  });
}

/** At the start of a shutdown call: the `before-shutdown` saves finish (a state write only when one is pending). */
export function xendBeforeShutdown(file, state) {
  if (!state.xendSaves?.some((p) => p.when === 'before-shutdown')) return false;
  updateState(file, (s) => xendFinishIn(s, 'before-shutdown'));
  return true;
}
