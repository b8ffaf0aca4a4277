// Which host trees one `lint` run covers: repeated --root options, directories
// given as FILES that hold a sysconfig (so `--root hosts/*` works), or a
// fleet file naming each host's tree, aliases and capacity.

import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import { validateFleet } from '../generated/validators.js';
import { readTextFile } from './files.js';
import { displayPath, SYSCONFIG_CANDIDATES } from './paths.js';

export interface HostSpec {
  name: string;
  root: string;
  aliases: string[];
  capacityMiB?: number;
}

/** A directory that looks like a host's `/`: it holds etc/sysconfig/xendomains or etc/default/xendomains. */
export function isHostRoot(path: string): boolean {
  try {
    return statSync(path).isDirectory() && SYSCONFIG_CANDIDATES.some((c) => existsSync(join(path, c)));
  } catch {
    return false;
  }
}

export function hostsFromRoots(roots: readonly string[]): HostSpec[] {
  return roots.map((root) => ({ name: basename(resolve(root)), root, aliases: [] }));
}

export function readFleetFile(path: string): { ok: true; hosts: HostSpec[] } | { ok: false; message: string } {
  const read = readTextFile(path);
  if (!read.ok) return { ok: false, message: `cannot read ${displayPath(path)}: ${read.reason}` };
  let data: unknown;
  try {
    data = JSON.parse(read.text);
  } catch (error) {
    return { ok: false, message: `${displayPath(path)}: invalid JSON: ${(error as Error).message}` };
  }
  if (!validateFleet(data)) {
    const e = (validateFleet.errors as ErrorObject[])[0]!;
    return { ok: false, message: `${displayPath(path)}: ${e.instancePath || '(top level)'} ${e.message ?? 'is invalid'}` };
  }
  const base = dirname(path);
  const hosts = (data as { hosts: Array<Omit<HostSpec, 'aliases'> & { aliases?: string[] }> }).hosts.map((h) => {
    const spec: HostSpec = { name: h.name, root: resolve(base, h.root), aliases: h.aliases ?? [] };
    if (h.capacityMiB !== undefined) spec.capacityMiB = h.capacityMiB;
    return spec;
  });
  return { ok: true, hosts };
}
