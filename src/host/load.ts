// Gathers a host's configuration from disk: reads the sysconfig (and any
// extra files), compiles each, and keeps the text for code frames. Compiling
// is delegated to the pure compilers; unreadable paths are collected, not thrown.

import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { compileSysconfig } from '../model/sysconfig-compile.js';
import type { DomainConfigModel } from '../model/domain.js';
import type { SysconfigModel } from '../model/sysconfig.js';
import { readTextFile } from './files.js';
import { displayPath, sysconfigPath } from './paths.js';

export interface LoadOptions {
  root?: string;
  config?: string;
  /** Extra files named on the command line. */
  files?: string[];
}

export interface LoadedHost {
  sysconfigPath: string;
  sysconfig: SysconfigModel | undefined;
  domains: DomainConfigModel[];
  sources: Map<string, string>;
  unreadable: Array<{ path: string; reason: string }>;
}

export function loadHost(options: LoadOptions): LoadedHost {
  const explicitSysconfig = options.files?.find((f) => basename(f) === 'xendomains');
  const located = sysconfigPath(options.root, explicitSysconfig ?? options.config);
  const loaded: LoadedHost = { sysconfigPath: located.path, sysconfig: undefined, domains: [], sources: new Map(), unreadable: [] };
  const read = readTextFile(located.path);
  const shown = displayPath(located.path);
  if (read.ok) {
    loaded.sysconfig = compileSysconfig(read.text, shown, read.invalidUtf8Offset === undefined ? {} : { invalidUtf8Offset: read.invalidUtf8Offset });
    loaded.sources.set(shown, read.text);
  } else {
    const also = located.tried.length > 1 && !existsSync(located.path) ? ` (also tried ${located.tried.slice(1).map((p) => displayPath(p)).join(', ')})` : '';
    loaded.unreadable.push({ path: shown, reason: read.reason + also });
  }
  return loaded;
}
