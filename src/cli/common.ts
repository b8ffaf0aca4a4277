// What every command shares: the global options, colour choice, and the
// one-line error + exit code convention (no stack traces for bad input).

import packageJson from '../../package.json' with { type: 'json' };

export interface GlobalOptions {
  config?: string;
  /** yargs makes it an array when --root is repeated: only `lint` accepts that (see oneRoot). */
  root?: string;
  lockFile?: string;
  xm?: string;
  /** xm | xl | auto: the language of the host's domain configs (src/cli/toolstack.ts). */
  toolstack?: string;
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
