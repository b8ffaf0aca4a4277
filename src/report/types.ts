// What every lint formatter receives. Formatters are pure: report in, text out.

import type { Diagnostic, Severity } from '../model/diagnostic.js';

export interface RuleMeta {
  code: string;
  name: string;
  severity: Severity;
  summary: string;
  /** Full markdown docs (problem, examples, rationale, suppression). */
  docs: string;
  url: string;
}

export interface LintReport {
  /** Sorted by file, line, column, code. Files are display paths (as given, or relative to cwd). */
  diagnostics: Diagnostic[];
  /** Text of every linted file by display path, for code frames. */
  sources: ReadonlyMap<string, string>;
  /** Number of files linted. */
  fileCount: number;
  /** Every registered rule (SARIF lists them all). */
  rules: RuleMeta[];
  toolVersion: string;
}

export interface FormatOptions {
  color: boolean;
}

export type Formatter = (report: LintReport, options: FormatOptions) => string;

export const FORMATS = ['stylish', 'gcc', 'json', 'sarif', 'github', 'checkstyle'] as const;
export type FormatName = (typeof FORMATS)[number];
