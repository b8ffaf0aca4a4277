// The versioned machine-readable lint report (`lint --format json`), exactly the
// shape in DESIGN.md and schema/report.schema.json. Positions are 1-based, a tab
// is one column, endColumn is exclusive. Filtering happened before this point.

import type { Diagnostic, Severity } from '../model/diagnostic.js';
import type { Formatter, LintReport } from './types.js';

export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  name: string;
  message: string;
  url: string;
}

export interface JsonReport {
  version: 1;
  diagnostics: JsonDiagnostic[];
  summary: { errors: number; warnings: number; infos: number; styles: number; files: number };
}

function toJson(d: Diagnostic): JsonDiagnostic {
  // Key order is part of the documented shape (and keeps diffs of saved reports stable).
  return {
    file: d.span.file,
    line: d.span.start.line,
    column: d.span.start.column,
    endLine: d.span.end.line,
    endColumn: d.span.end.column,
    severity: d.severity,
    code: d.code,
    name: d.name,
    message: d.message,
    url: d.url,
  };
}

export function jsonReport(report: LintReport): JsonReport {
  const count = (s: Severity) => report.diagnostics.filter((d) => d.severity === s).length;
  return {
    version: 1,
    diagnostics: report.diagnostics.map(toJson),
    summary: {
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
      styles: count('style'),
      files: report.fileCount,
    },
  };
}

export const json: Formatter = (report) => JSON.stringify(jsonReport(report), null, 2) + '\n';
