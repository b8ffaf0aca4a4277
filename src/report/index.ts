// The lint formatters by --format name. Formatters are pure (report in, text out);
// choosing a format (e.g. github inside Actions), filtering by severity and
// writing the text out are the CLI's job.

import { checkstyle } from './checkstyle.js';
import { gcc } from './gcc.js';
import { github } from './github.js';
import { json } from './json.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { FormatName, FormatOptions, Formatter, LintReport } from './types.js';

export const formatters: Record<FormatName, Formatter> = { stylish, gcc, json, sarif, github, checkstyle };

export function format(name: FormatName, report: LintReport, options: FormatOptions): string {
  // The name usually comes from argv: fail loudly (and never pick up Object.prototype members).
  if (!Object.hasOwn(formatters, name)) throw new Error(`unknown format '${String(name)}'`);
  return formatters[name](report, options);
}
