// The xm (Xen 4.0) command syntax the reference script uses: verbs, argument
// order (options AFTER the domid for migrate and shutdown), SXP name printing,
// `LinuxGuestRecord` images. Everything toolstack-specific the planner, the sh
// output and the executor need is here; toolstack-xl.ts is the second Toolstack.

import { xmSaveImage } from '../model/host-state.js';
import { sxpDisplayName } from './state.js';
import { xmShell } from './toolstack-xm-sh.js';
import type { Toolstack } from './types.js';

export const xmToolstack: Toolstack = {
  name: 'xm',
  sysrq: (xm, domid, key) => [xm, 'sysrq', String(domid), key],
  // xm's option parsers loop, so the reference appends the words after the domid (spec §6.2e/g).
  migrate: (xm, domid, args) => [xm, 'migrate', String(domid), ...args],
  save: (xm, domid, file) => [xm, 'save', String(domid), file],
  shutdown: (xm, domid, args) => [xm, 'shutdown', String(domid), ...args],
  shutdownAll: (xm, args) => [xm, 'shutdown', ...args],
  create: (xm, config) => [xm, 'create', '--quiet', '--defconfig', config],
  restore: (xm, image) => [xm, 'restore', image],
  listedName: sxpDisplayName,
  // xm defaults the name to the file's basename, so a known name is the name the dry run prints.
  configName: (model) => model.name?.value,
  referenceName: (model) => (model.name ? sxpDisplayName(model.name.value) : ''),
  // xm creates a config whose name needs Python: the planner creates it by file, as the reference does.
  unnamedRemark: () => undefined,
  wordsRemark: () => undefined,
  stopRemarks: () => [],
  saveImage: xmSaveImage,
  imageQuirk: 'Q13',
  nameRule: 'XD3004',
  // `(domid N)` is a direct child of each running domain in `xm list -l` (inactive domains have none).
  // If the listing fails we cannot tell, so answer "yes": a needless shutdown-all beats a guest left running.
  domUsRemainShell: (xmQuoted) =>
    `xd_list=$(${xmQuoted} list -l 2>/dev/null) || return 0\n  printf '%s\\n' "$xd_list" | grep -Eq '^[[:space:]]*\\(domid [1-9][0-9]*\\)'`,
  listedLines: (domid, name) => [`(domid ${domid})`, ...(name === undefined ? [] : [`(name ${sxpDisplayName(name)})`])],
  shell: xmShell,
};
