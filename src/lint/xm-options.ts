// A model of xm's Opts option parser (create, migrate, shutdown): short options
// clustered, long options by unique prefix, options before or after positional
// words. Rules use it to check XENDOMAINS_MIGRATE / SHUTDOWN / SHUTDOWN_ALL.

export interface OptionSpec {
  short?: string;
  long: string;
  /** Takes a value (`-p 8002`, `-p8002`, `--port=8002`, `--port 8002`). */
  value?: 'int';
}

export interface ParsedOption {
  spec: OptionSpec;
  word: string;
  value?: string;
}

export interface ParsedWords {
  options: ParsedOption[];
  positionals: string[];
  errors: string[];
}

export function parseXmOptions(words: readonly string[], specs: readonly OptionSpec[]): ParsedWords {
  const result: ParsedWords = { options: [], positionals: [], errors: [] };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const takeValue = (spec: OptionSpec, inline: string | undefined): string | undefined => {
      if (inline !== undefined && inline !== '') return inline;
      if (i + 1 < words.length) return words[++i];
      result.errors.push(`option ${word} requires a value`);
      return undefined;
    };
    if (word === '--') continue;
    if (word.startsWith('--')) {
      const [name, inline] = splitOnce(word.slice(2), '=');
      const exact = specs.find((s) => s.long === name);
      const matches = exact ? [exact] : specs.filter((s) => s.long.startsWith(name));
      if (matches.length !== 1) {
        result.errors.push(matches.length ? `option --${name} is ambiguous (${matches.map((m) => `--${m.long}`).join(', ')})` : `option --${name} not recognized`);
        continue;
      }
      const spec = matches[0]!;
      if (spec.value) {
        const value = takeValue(spec, inline);
        if (value !== undefined) result.options.push({ spec, word, value });
      } else {
        if (inline !== undefined) result.errors.push(`option --${spec.long} does not take a value`);
        result.options.push({ spec, word });
      }
    } else if (word.startsWith('-') && word.length > 1) {
      for (let j = 1; j < word.length; j++) {
        const spec = specs.find((s) => s.short === word[j]);
        if (!spec) {
          result.errors.push(`option -${word[j]} not recognized`);
          break;
        }
        if (spec.value) {
          const value = takeValue(spec, word.slice(j + 1) || undefined);
          if (value !== undefined) result.options.push({ spec, word, value });
          break;
        }
        result.options.push({ spec, word });
      }
    } else {
      result.positionals.push(word);
    }
  }
  return result;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const at = s.indexOf(sep);
  return at < 0 ? [s, undefined] : [s.slice(0, at), s.slice(at + 1)];
}

export const MIGRATE_OPTIONS: readonly OptionSpec[] = [
  { short: 'h', long: 'help' },
  { short: 'l', long: 'live' },
  { short: 'p', long: 'port', value: 'int' },
  { short: 'n', long: 'node', value: 'int' },
  { short: 's', long: 'ssl' },
  { short: 'c', long: 'change_home_server' },
];

export const SHUTDOWN_OPTIONS: readonly OptionSpec[] = [
  { short: 'h', long: 'help' },
  { short: 'a', long: 'all' },
  { short: 'w', long: 'wait' },
  { short: 'H', long: 'halt' },
  { short: 'R', long: 'reboot' },
];

const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

export function isValidHost(host: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return host.split('.').every((o) => Number(o) <= 255 && !/^0\d/.test(o));
  if (host.includes(':')) return isIPv6(host);
  if (host.length > 253 || /^[0-9.]+$/.test(host)) return false;
  return host.replace(/\.$/, '').split('.').every((label) => LABEL.test(label));
}

function isIPv6(host: string): boolean {
  const parts = host.split('::');
  if (parts.length > 2) return false;
  const groups = parts.flatMap((p) => (p === '' ? [] : p.split(':')));
  const lastIsV4 = groups.length > 0 && /^\d{1,3}(\.\d{1,3}){3}$/.test(groups[groups.length - 1]!);
  const hex = lastIsV4 ? groups.slice(0, -1) : groups;
  if (!hex.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = hex.length + (lastIsV4 ? 2 : 0);
  return parts.length === 2 ? count < 8 : count === 8;
}
