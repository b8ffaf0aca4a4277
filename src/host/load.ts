// Gathers a host's configuration from disk: reads the sysconfig (and any
// extra files), compiles each, and keeps the text for code frames. Compiling
// is delegated to the pure compilers; unreadable paths are collected, not thrown.

import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { AutoEntry } from '../model/auto.js';
import { compileConfig } from '../model/compile-config.js';
import { effectiveSettings } from '../model/settings.js';
import { compileSysconfig } from '../model/sysconfig-compile.js';
import type { Dialect, DomainConfigModel } from '../model/domain.js';
import type { SysconfigModel } from '../model/sysconfig.js';
import { withPythonLineBreaks } from '../model/span.js';
import { scanSaveDir, type FileOwner, type SaveEntry } from '../model/host-state.js';
import { autoEntry, listAutoDirectory, type AutoListing } from './auto.js';
import { readSaveDirectory } from './save-dir.js';
import { readTextFile } from './files.js';
import { displayPath, readablePath, sysconfigPath } from './paths.js';

export interface LoadOptions {
  root?: string;
  config?: string;
  /** Extra files named on the command line. */
  files?: string[];
  /** List XENDOMAINS_AUTO without reading its entries (`autoListing`): the caller reads them and calls attachAuto. */
  listAutoOnly?: boolean;
  /** The language of the host's domain configs (default xm): see src/host/toolstack.ts. */
  dialect?: Dialect;
}

export interface LoadedHost {
  sysconfigPath: string;
  sysconfig: SysconfigModel | undefined;
  /** The AUTO configs (in glob order), then the files named on the command line. */
  domains: DomainConfigModel[];
  /** undefined when XENDOMAINS_AUTO is unset or empty, or the directory cannot be listed. */
  auto: AutoEntry[] | undefined;
  /** XENDOMAINS_SAVE's entries when it is set and can be listed. */
  saveDir: SaveEntry[] | undefined;
  /** XENDOMAINS_SAVE's own owner and mode (XD4012). */
  saveDirOwner?: FileOwner | undefined;
  /** With listAutoOnly: what XENDOMAINS_AUTO holds, still to be read. */
  autoListing?: AutoListing | undefined;
  sources: Map<string, string>;
  unreadable: Array<{ path: string; reason: string }>;
}

export function loadHost(options: LoadOptions): LoadedHost {
  const explicitSysconfig = options.files?.find((f) => basename(f) === 'xendomains');
  const located = sysconfigPath(options.root, explicitSysconfig ?? options.config);
  const loaded: LoadedHost = { sysconfigPath: located.path, sysconfig: undefined, domains: [], auto: undefined, saveDir: undefined, sources: new Map(), unreadable: [] };
  const read = readTextFile(located.path);
  const shown = displayPath(located.path);
  if (read.ok) {
    loaded.sysconfig = compileSysconfig(read.text, shown, read.invalidUtf8Offset === undefined ? {} : { invalidUtf8Offset: read.invalidUtf8Offset });
    loaded.sources.set(shown, read.text);
  } else if (!explicitSysconfig && !options.config && !options.root && (options.files ?? []).length > 0 && !existsSync(located.path)) {
    // `xendomains lint web.cfg` on a workstation (pre-commit): no host sysconfig to read, so lint just the files.
  } else {
    const also = located.tried.length > 1 && !existsSync(located.path) ? ` (also tried ${located.tried.slice(1).map((p) => displayPath(p)).join(', ')})` : '';
    loaded.unreadable.push({ path: shown, reason: read.reason + also });
    return loaded;
  }
  if (loaded.sysconfig) readHostDirectories(loaded, options);
  readExtraFiles(loaded, options.files ?? [], explicitSysconfig, options.dialect ?? 'xm');
  return loaded;
}

/** XENDOMAINS_SAVE and XENDOMAINS_AUTO as the sysconfig sets them, under --root. */
function readHostDirectories(loaded: LoadedHost, options: LoadOptions): void {
  const settings = effectiveSettings(loaded.sysconfig);
  const saveValue = settings.XENDOMAINS_SAVE.value;
  if (saveValue) {
    const save = readSaveDirectory(readablePath(options.root, saveValue));
    if (!save.problem) loaded.saveDir = scanSaveDir(save.entries);
    if (save.owner) loaded.saveDirOwner = save.owner;
  }
  const autoValue = settings.XENDOMAINS_AUTO.value;
  if (!autoValue) return;
  const listing = listAutoDirectory(options.root, autoValue, options.dialect ?? 'xm');
  if (options.listAutoOnly) loaded.autoListing = listing;
  else if (listing.names) attachAuto(loaded, listing.names.map((name) => autoEntry(listing, name)), (e) => e.model?.text);
}

/**
 * Adds the AUTO entries (in glob order) to a loaded host: compiled models join `domains`, and each
 * config's text (`textOf`, for entries a lint worker compiled) joins `sources`.
 */
export function attachAuto(loaded: LoadedHost, entries: AutoEntry[], textOf: (entry: AutoEntry) => string | undefined): void {
  // Keep the order loadHost gives without listAutoOnly: the sysconfig, the AUTO configs, then the files named.
  const extra = loaded.domains.splice(0);
  const before = [...loaded.sources];
  loaded.sources.clear();
  const sysconfig = before.find(([file]) => file === loaded.sysconfig?.file);
  if (sysconfig) loaded.sources.set(...sysconfig);
  loaded.auto = entries;
  for (const entry of entries) {
    if (entry.model) loaded.domains.push(entry.model);
    const text = textOf(entry);
    if (text !== undefined) loaded.sources.set(entry.file, withPythonLineBreaks(text));
  }
  loaded.domains.push(...extra);
  for (const [file, text] of before) if (!loaded.sources.has(file)) loaded.sources.set(file, text);
}

function readExtraFiles(loaded: LoadedHost, files: readonly string[], explicitSysconfig: string | undefined, dialect: Dialect): void {
  for (const file of files) {
    if (file === explicitSysconfig) continue;
    const extra = readTextFile(file);
    const shownExtra = displayPath(file);
    if (!extra.ok) {
      loaded.unreadable.push({ path: shownExtra, reason: extra.reason });
      continue;
    }
    const model = compileConfig(extra.text, shownExtra, dialect, extra.invalidUtf8Offset === undefined ? {} : { invalidUtf8Offset: extra.invalidUtf8Offset });
    loaded.domains.push(model);
    loaded.sources.set(shownExtra, withPythonLineBreaks(extra.text));
  }
}
