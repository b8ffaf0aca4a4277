// What every command shares: the global options, colour choice, and the
// one-line error + exit code convention (no stack traces for bad input).

import packageJson from '../../package.json' with { type: 'json' };

export interface GlobalOptions {
  config?: string;
  /** yargs makes it an array when --root is repeated: only `lint` accepts that (see oneRoot). */
  root?: string;
  lockFile?: string;
  xm?: string;
  /** The xl executable (with --toolstack xl). */
  xl?: string;
  /** xm | xl | auto: the host's toolstack — the language of its domain configs and whose commands plans use (src/cli/toolstack.ts). */
  toolstack?: string;
  /** With --state (a capture, maybe of another host): the xenstore stub domain's id there; 0: xenstored runs in dom0. */
  xenstoreDomid?: string;
  color?: boolean;
  quiet?: boolean;
}

/** An expected failure: printed as one line on stderr, then exit with `exitCode`. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

export const EXIT = { ok: 0, findings: 1, unreadable: 2, usage: 3, badOption: 4 } as const;

export function useColor(options: GlobalOptions, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (options.color !== undefined) return options.color;
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  return Boolean(stream.isTTY);
}

export function toolVersion(): string {
  return packageJson.version;
}

/** A whole-number option as typed (yargs would turn `abc` into NaN and lose what was typed); exit 4 when it is not one. */
export function wholeNumber(option: string, value: string | number | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < min) {
    throw new CliError(`invalid value for --${option}: "${value}" (a whole number${min === 0 ? ', 0 or more' : ` of at least ${min}`})`, EXIT.badOption);
  }
  return Number(text);
}

/** --xenstore-domid: a whole number (0 = no stub domain), else undefined (xenstore-read is asked, unless --state). */
export function xenstoreDomidOption(options: Pick<GlobalOptions, 'xenstoreDomid'>): number | undefined {
  return wholeNumber('xenstore-domid', options.xenstoreDomid, 0);
}

/** Validates a choice-valued option (exit 4 on a bad value, as the CLI contract says). */
export function choice<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new CliError(`invalid value for --${option}: "${value}" (choose from ${allowed.join(', ')})`, EXIT.badOption);
  }
  return value as T;
}

/** Commands other than lint work on one host: reject a repeated --root. */
export function oneRoot<T extends GlobalOptions>(options: T): T {
  const root = options.root as string | string[] | undefined;
  if (Array.isArray(root)) {
    if (root.length > 1) throw new CliError('give one --root (only `lint` takes several hosts)', EXIT.usage);
    return { ...options, root: root[0] };
  }
  return options;
}

