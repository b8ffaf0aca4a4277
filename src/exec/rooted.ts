// Running a plan under --root: plans name host paths (`/var/lib/xen/save/web`),
// so before a run every path the executor touches or hands to xm (images, the
// save directory, configs, the lock) is mapped under the root, and the host the
// executor is given refuses any file operation a symlink would lead out of it.
// Which paths a run needs and the refusal message are the CLI's (src/cli/verbs.ts).

import { resolve } from 'node:path';
import { escapesRoot, underRoot } from '../host/paths.js';
import type { Plan, PlanStep } from '../plan/types.js';
import type { ExecHost } from './host.js';

/** The plan with its file paths under the root; argv words that are those paths are mapped with them. */
export function localizePlan(plan: Plan, root: string): Plan {
  const local = (p: string) => underRoot(root, p);
  const step = (s: PlanStep): PlanStep => {
    const paths = new Map<string, string>();
    for (const p of [s.image, s.config]) if (p !== undefined && p.startsWith('/')) paths.set(p, local(p));
    const out: PlanStep = { ...s, argv: s.argv.map((w, i) => (i > 0 ? (paths.get(w) ?? w) : w)) };
    if (s.image !== undefined) out.image = paths.get(s.image) ?? s.image;
    if (s.config !== undefined) out.config = paths.get(s.config) ?? s.config;
    if (s.ensureDir !== undefined) out.ensureDir = local(s.ensureDir);
    return out;
  };
  return { ...plan, lockFile: local(plan.lockFile), steps: plan.steps.map(step) };
}

/** The paths a plan reads, writes or gives xm (local paths, after localizePlan). */
export function planPaths(plan: Plan): string[] {
  const paths = [plan.lockFile];
  for (const s of plan.steps) for (const p of [s.image, s.config, s.ensureDir]) if (p !== undefined) paths.push(p);
  return paths;
}

/** Every reason one of these local paths leaves the root (empty: all stay inside). */
export function rootEscapes(root: string, paths: readonly string[]): string[] {
  const problems = new Map<string, string>();
  // Shortest first: an image under a save directory that escapes is the directory's problem, said once.
  for (const p of [...new Set(paths.map((q) => resolve(q)))].sort((a, b) => a.length - b.length)) {
    if ([...problems.keys()].some((bad) => p.startsWith(`${bad}/`))) continue;
    const why = escapesRoot(root, p);
    if (why) problems.set(p, why);
  }
  return [...problems.values()];
}

/** The host, with every file operation refused (thrown) when its path leads out of the root: the check at the moment of use. */
export function confinedHost(host: ExecHost, root: string): ExecHost {
  const check = (path: string) => {
    const why = escapesRoot(root, path);
    if (why) throw Object.assign(new Error(`refused: ${why}`), { code: 'EXDEV' });
    return path;
  };
  return {
    ...host,
    mkdirp: (dir) => host.mkdirp(check(dir)),
    remove: (path) => host.remove(check(path)),
    rename: (from, to) => host.rename(check(from), check(to)),
    moveNoReplace: (from, to) => host.moveNoReplace(check(from), check(to)),
    exists: (path) => host.exists(check(path)),
    createExclusive: (path, content, mode) => host.createExclusive(check(path), content, mode),
    replaceFile: (path, content) => host.replaceFile(check(path), content),
    lstat: (path) => host.lstat(check(path)),
    readFile: (path) => host.readFile(check(path)),
    appendJournal: (path, line) => host.appendJournal(check(path), line),
  };
}
