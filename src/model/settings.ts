// The effective XENDOMAINS_* values, as the reference script sees them after
// sourcing the file: the last assignment wins, unset stays unset (the script
// sets no defaults of its own). Interpretation (words, booleans) is here too.

import type { Assignment, SysconfigModel } from './sysconfig.js';

export const REFERENCE_VARIABLES = [
  'XENDOMAINS_SYSRQ',
  'XENDOMAINS_USLEEP',
  'XENDOMAINS_CREATE_USLEEP',
  'XENDOMAINS_MIGRATE',
  'XENDOMAINS_SAVE',
  'XENDOMAINS_SHUTDOWN',
  'XENDOMAINS_SHUTDOWN_ALL',
  'XENDOMAINS_RESTORE',
  'XENDOMAINS_AUTO',
  'XENDOMAINS_AUTO_ONLY',
  'XENDOMAINS_STOP_MAXWAIT',
] as const;

/** Our extensions: ignored by the reference script, so a config stays portable. */
export const EXTENSION_VARIABLES = ['XENDOMAINS_STOP_PARALLEL'] as const;

export type ReferenceVariable = (typeof REFERENCE_VARIABLES)[number];
export type ExtensionVariable = (typeof EXTENSION_VARIABLES)[number];
export type VariableName = ReferenceVariable | ExtensionVariable;

export const ALL_VARIABLES: readonly VariableName[] = [...REFERENCE_VARIABLES, ...EXTENSION_VARIABLES];

export interface Setting {
  name: VariableName;
  /** null when the file never assigns it. */
  value: string | null;
  /** The assignment that decided the value (the last one). */
  assignment?: Assignment;
}

export type Settings = Record<VariableName, Setting>;

export function effectiveSettings(model: SysconfigModel | undefined): Settings {
  const settings = {} as Settings;
  for (const name of ALL_VARIABLES) settings[name] = { name, value: null };
  for (const assignment of model?.assignments ?? []) {
    if ((ALL_VARIABLES as readonly string[]).includes(assignment.name)) {
      const name = assignment.name as VariableName;
      settings[name] = { name, value: assignment.value, assignment };
    }
  }
  return settings;
}

/** bash word splitting with the default IFS (space, tab, newline). */
export function words(value: string | null): string[] {
  if (!value) return [];
  return value.split(/[ \t\n]+/).filter((w) => w.length > 0);
}

/** The reference tests RESTORE and AUTO_ONLY with `= "true"`: nothing else enables them. */
export function isExactlyTrue(value: string | null): boolean {
  return value === 'true';
}

/** The reference tests SYSRQ, MIGRATE, SAVE, SHUTDOWN and SHUTDOWN_ALL with `-n`. */
export function isNonEmpty(value: string | null): value is string {
  return value !== null && value !== '';
}
