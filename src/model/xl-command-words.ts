// How `xl shutdown` and `xl migrate` read the words the xl-era script passes
// them from XENDOMAINS_SHUTDOWN, _SHUTDOWN_ALL and _MIGRATE (spec
// xl-xendomains.md §9.7, §9.8, X13, X16): glibc getopt_long as xl calls it, and
// what each xm-era word becomes. Pure; the xl toolstack's plan remarks and XD2014 use it.

/** getopt_long: an option word matches a long option when it is a unique prefix of it (`--wa` = `--wait`). */
export function longMatches(word: string, options: readonly string[]): boolean {
  if (!word.startsWith('--') || word.length < 3) return false;
  const body = word.slice(2);
  return options.filter((o) => o.startsWith(body)).length === 1;
}

/** `xl shutdown`'s options (§9.8): -a/--all, -w/--wait, -F, -h/--help; short options cluster. */
export function xlShutdownWordOk(word: string): boolean {
  if (longMatches(word, ['all', 'wait', 'help'])) return true;
  return /^-[awFh]+$/.test(word);
}

/** xm migrate's options, which xl reads otherwise or refuses (X16). */
export const XM_MIGRATE_OPTIONS: ReadonlySet<string> = new Set(['-l', '-p', '-n', '-s', '--ssl', '--port', '--node', '-r', '--resource', '-c', '--change_home_server']);

interface OptionTable {
  /** Short options; a `:` after a letter: it takes an argument. */
  short: string;
  long: ReadonlyArray<{ name: string; arg: boolean; short: string }>;
}

const SHUTDOWN: OptionTable = { short: 'awFh', long: [{ name: 'all', arg: false, short: 'a' }, { name: 'wait', arg: false, short: 'w' }, { name: 'help', arg: false, short: 'h' }] };
const MIGRATE: OptionTable = {
  short: 'FC:s:epDh',
  long: [{ name: 'debug', arg: false, short: 'd' }, { name: 'live', arg: false, short: 'l' }, { name: 'help', arg: false, short: 'h' }],
};

export interface XlOptionWords {
  /** Options in order: the short letter xl sees (`d`/`l` for --debug/--live), the word and an argument. */
  options: Array<{ letter: string; word: string; arg?: string }>;
  positionals: string[];
  /** The first word xl refuses ("option `x' not supported.", exit 2): getopt stops there. */
  refused?: { word: string; why: string };
}

/** glibc getopt_long with argument permutation, as xl's SWITCH_FOREACH_OPT runs it. */
function getopt(words: readonly string[], table: OptionTable): XlOptionWords {
  const out: XlOptionWords = { options: [], positionals: [] };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--') {
      out.positionals.push(...words.slice(i + 1));
      break;
    }
    if (word.startsWith('--')) {
      const [body, value] = word.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const exact = table.long.find((l) => l.name === body);
      const prefixed = table.long.filter((l) => l.name.startsWith(body));
      const match = exact ?? (prefixed.length === 1 ? prefixed[0] : undefined);
      if (!match) return { ...out, refused: { word, why: prefixed.length > 1 ? 'is ambiguous' : 'is not an option' } };
      if (match.arg) {
        const arg = value ?? words[++i];
        if (arg === undefined) return { ...out, refused: { word, why: 'needs an argument' } };
        out.options.push({ letter: match.short, word, arg });
      } else {
        if (value !== undefined) return { ...out, refused: { word, why: 'takes no argument' } };
        out.options.push({ letter: match.short, word });
      }
      continue;
    }
    if (word.startsWith('-') && word.length > 1) {
      for (let k = 1; k < word.length; k++) {
        const letter = word[k]!;
        const at = table.short.indexOf(letter);
        if (at < 0 || letter === ':') return { ...out, refused: { word, why: word.length === 2 ? 'is not an option' : `has -${letter}, which is not an option` } };
        if (table.short[at + 1] === ':') {
          const arg = k + 1 < word.length ? word.slice(k + 1) : words[++i];
          if (arg === undefined) return { ...out, refused: { word, why: `-${letter} needs an argument` } };
          out.options.push({ letter, word, arg });
          break;
        }
        out.options.push({ letter, word });
      }
      continue;
    }
    out.positionals.push(word);
  }
  return out;
}

export function xlShutdownWords(words: readonly string[]): XlOptionWords {
  return getopt(words, SHUTDOWN);
}

/** `xl migrate <domid> <words>`: the domid is the first positional, so it is put first here. */
export function xlMigrateWords(words: readonly string[]): XlOptionWords {
  return getopt(['DOMID', ...words], MIGRATE);
}
