// SARIF 2.1.0 for GitHub code scanning (upload-sarif): one run, every registered
// rule in tool.driver.rules, one result per finding with a repo-relative location.
// Uploading, categories (runAutomationDetails) and the 25,000-result cap are the
// caller's business; this module only shapes the log.

import { createHash } from 'node:crypto';
import type { Diagnostic, Severity } from '../model/diagnostic.js';
import { LineIndex, type Span } from '../model/span.js';
import type { Formatter, LintReport, RuleMeta } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note', style: 'note' };
// GitHub's own severity scale for non-security alerts.
const PROBLEM_SEVERITY: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  info: 'recommendation',
  style: 'recommendation',
};
const CATEGORY: Record<string, string> = {
  '1': 'syntax',
  '2': 'sysconfig',
  '3': 'domain-config',
  '4': 'cross-file',
  '9': 'meta',
};

const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** Characters RFC 3986 allows unescaped in a path segment (':' is handled by the caller). */
const SEGMENT_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=@]/;

function encodeSegment(segment: string, allowColon: boolean): string {
  let out = '';
  for (const ch of segment) {
    if (SEGMENT_SAFE.test(ch) || (allowColon && ch === ':')) out += ch;
    // encodeURIComponent throws on a lone surrogate (a path that was not valid UTF-16).
    else out += encodeURIComponent(/^[\ud800-\udfff]$/.test(ch) ? '\ufffd' : ch);
  }
  return out;
}

/**
 * A display path as a SARIF artifact location: relative paths stay relative to
 * %SRCROOT% (GitHub resolves them against the checkout); absolute ones become file: URIs.
 */
export function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const path = file.replace(/\\/g, '/');
  const drive = /^[A-Za-z]:\//.test(path);
  if (path.startsWith('/') || drive) {
    const segments = (drive ? '/' + path : path).split('/');
    return { uri: 'file://' + segments.map((s, i) => encodeSegment(s, i === 1 && drive)).join('/') };
  }
  const segments = path.split('/').filter((s, i) => !(s === '.' && i === 0) && s !== '');
  // A ':' in the first segment of a relative reference would read as a URI scheme.
  return { uri: segments.map((s, i) => encodeSegment(s, i > 0)).join('/'), uriBaseId: '%SRCROOT%' };
}

/**
 * fullDescription (plain text): the summary plus the first paragraph of the docs'
 * "Why"/"Rationale" section when there is one; the rest of the docs go in help.
 */
function fullDescription(rule: RuleMeta): string {
  const section = /^#{1,6}\s*(?:why|rationale)\b.*$/im.exec(rule.docs);
  if (!section) return rule.summary;
  const after = rule.docs.slice(section.index + section[0].length);
  for (const block of after.split(/\n\s*\n/)) {
    const text = block.trim();
    if (text.startsWith('#')) break;
    if (text && !text.startsWith('```')) {
      const stop = /[.!?]$/.test(rule.summary) ? '' : '.';
      return `${rule.summary}${stop} ${text.replace(/\s*\n\s*/g, ' ')}`;
    }
  }
  return rule.summary;
}

function commonPrefix(urls: string[]): string | undefined {
  if (urls.length === 0) return undefined;
  let prefix = urls[0]!;
  for (const url of urls) while (!url.startsWith(prefix)) prefix = prefix.slice(0, -1);
  prefix = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  return /^https?:\/\/[^/]+\//.test(prefix) ? prefix : undefined;
}

function ruleDescriptor(rule: RuleMeta) {
  const help = rule.docs.trim() || `${rule.summary}\n\n${rule.url}`;
  return {
    id: rule.code,
    name: rule.name,
    shortDescription: { text: rule.summary },
    fullDescription: { text: fullDescription(rule) },
    help: { text: help, markdown: help },
    helpUri: rule.url,
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ['xendomains', CATEGORY[rule.code.charAt(2)] ?? 'other'],
      precision: 'very-high',
      'problem.severity': PROBLEM_SEVERITY[rule.severity],
    },
  };
}

/** A finding whose code is not registered still needs a rule entry for GitHub to show it. */
function syntheticRule(d: Diagnostic): RuleMeta {
  return { code: d.code, name: d.name, severity: d.severity, summary: d.name, docs: '', url: d.url };
}

function region(span: Span, lineText: string | undefined): Region {
  const { start, end } = span;
  let endLine = end.line;
  let endColumn = end.column;
  if (endLine < start.line || (endLine === start.line && endColumn < start.column)) {
    endLine = start.line;
    endColumn = start.column;
  }
  // GitHub draws nothing for an empty region; widen a zero-width span over the
  // character it points at, when there is one.
  if (endLine === start.line && endColumn === start.column && lineText !== undefined) {
    const cp = lineText.codePointAt(start.column - 1);
    if (cp !== undefined) endColumn += cp > 0xffff ? 2 : 1;
  }
  return { startLine: start.line, startColumn: start.column, endLine, endColumn };
}

export function sarifLog(report: LintReport) {
  const rules = [...report.rules];
  const ruleIndex = new Map(rules.map((r, i) => [r.code, i]));
  for (const d of report.diagnostics) {
    if (!ruleIndex.has(d.code)) {
      ruleIndex.set(d.code, rules.length);
      rules.push(syntheticRule(d));
    }
  }

  const indexes = new Map<string, LineIndex | undefined>();
  const lineOf = (file: string, line: number): string | undefined => {
    if (!indexes.has(file)) {
      const text = report.sources.get(file);
      indexes.set(file, text === undefined ? undefined : new LineIndex(file, text));
    }
    const index = indexes.get(file);
    return index && line <= index.lineCount ? index.lineText(line) : undefined;
  };

  // Our own fingerprint (GitHub computes primaryLocationLineHash itself; that key is
  // its algorithm's, so we do not fill it). Keyed on the line's text, not its number,
  // so an alert survives lines being inserted above it; the counter separates
  // identical findings on identical lines.
  const seen = new Map<string, number>();
  const fingerprint = (d: Diagnostic, uri: string, text: string | undefined) => {
    const hash = createHash('sha256')
      .update([d.code, uri, (text ?? '').trim()].join('\0'))
      .digest('hex')
      .slice(0, 16);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return `${hash}:${n}`;
  };

  const results = report.diagnostics.map((d) => {
    const text = lineOf(d.span.file, d.span.start.line);
    const location = artifactLocation(d.span.file);
    return {
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code)!,
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [{ physicalLocation: { artifactLocation: location, region: region(d.span, text) } }],
      ...(d.related?.length
        ? {
            relatedLocations: d.related.map((r, id) => ({
              id,
              message: { text: r.message },
              physicalLocation: { artifactLocation: artifactLocation(r.span.file), region: region(r.span, lineOf(r.span.file, r.span.start.line)) },
            })),
          }
        : {}),
      partialFingerprints: { 'xendomainsLineHash/v1': fingerprint(d, location.uri, text) },
    };
  });

  const informationUri = commonPrefix(report.rules.map((r) => r.url));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'xendomains',
            version: report.toolVersion,
            ...(SEMVER.test(report.toolVersion) ? { semanticVersion: report.toolVersion } : {}),
            ...(informationUri ? { informationUri } : {}),
            rules: rules.map(ruleDescriptor),
          },
        },
        columnKind: 'utf16CodeUnits' as const,
        results,
      },
    ],
  };
}

export const sarif: Formatter = (report) => JSON.stringify(sarifLog(report), null, 2) + '\n';
