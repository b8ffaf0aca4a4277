// `xendomains completion [bash|zsh|fish]`: prints a static completion script for
// the commands, their options and option values (rule codes included). Keep
// COMMANDS in step with main.ts; a test compares it with each command's --help.

import { rules } from '../../rules/index.js';
import { CliError, EXIT } from './common.js';

const GLOBAL = '-c --config --root --lock-file --xm --xl --toolstack --color --no-color -q --quiet --help --version';
const EXEC = '--journal --log-format --jobs -j --state --xenstore-domid';

/** Command → its own options (the global ones are added to every command). */
export const COMMANDS: Record<string, string> = {
  lint: '-f --format --severity --fail-on --max-warnings --enable --disable --rc --fleet --target',
  convert: '--to --out-dir --write --vmid -f --format',
  plan: '--state --xenstore-domid -f --format --out --fail-on',
  apply: EXEC,
  start: EXEC,
  stop: EXEC,
  restart: EXEC,
  reload: EXEC,
  status: EXEC,
  show: '-f --format',
  rules: '-f --format',
  explain: '',
  'systemd-unit': '--xendomains-path --state --xenstore-domid --generic',
  'compile-init': '-o --out --journal --check',
  completion: '',
};

/** Options that take a value (the word after them is not a command). */
const VALUED = '-c|--config|--root|--lock-file|--xm|--xl|--toolstack|-f|--format|--severity|--fail-on|--max-warnings|--enable|--disable|--rc|--fleet|--state|--xenstore-domid|--out|--journal|--log-format|--jobs|-j|--xendomains-path|--target|--to|--out-dir|--vmid|-o|--check';

export function bashCompletion(): string {
  const codes = rules.map((r) => r.code).join(' ');
  const names = rules.map((r) => r.name).join(' ');
  const perCommand = Object.entries(COMMANDS)
    .map(([cmd, opts]) => `    ${cmd}) opts="${opts}" ;;`)
    .join('\n');
  return `# bash completion for xendomains(8).
# Install: xendomains completion > /etc/bash_completion.d/xendomains
# (or add  source <(xendomains completion)  to ~/.bashrc; zsh: autoload bashcompinit && bashcompinit first).
_xendomains() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  local cmd="" opts="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case \${COMP_WORDS[i]} in
      ${VALUED}) ((i++)) ;;
      -*) ;;
      *) cmd=\${COMP_WORDS[i]}; break ;;
    esac
  done
  case $prev in
    -c|--config|--rc|--fleet|--state|--out|--journal|--lock-file|--xm|--xl|--xendomains-path|-o|--check)
      COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --root|--out-dir) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --target|--to) COMPREPLY=($(compgen -W "xl" -- "$cur")); return ;;
    -f|--format)
      case $cmd in
        lint|convert) opts="stylish gcc json sarif github checkstyle" ;;
        plan) opts="text json sh" ;;
        show|rules) opts="text json" ;;
      esac
      COMPREPLY=($(compgen -W "$opts" -- "$cur")); return ;;
    --severity|--fail-on) COMPREPLY=($(compgen -W "error warning info style" -- "$cur")); return ;;
    --enable|--disable) COMPREPLY=($(compgen -W "${codes} ${names}" -- "$cur")); return ;;
    --log-format) COMPREPLY=($(compgen -W "auto plain progress json upstream" -- "$cur")); return ;;
    --toolstack) COMPREPLY=($(compgen -W "xm xl auto" -- "$cur")); return ;;
    --max-warnings|--jobs|-j|--vmid) return ;;
  esac
  if [[ -z $cmd ]]; then
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "${GLOBAL}" -- "$cur"))
    else
      COMPREPLY=($(compgen -W "${Object.keys(COMMANDS).join(' ')}" -- "$cur"))
    fi
    return
  fi
  case $cmd in
${perCommand}
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts ${GLOBAL}" -- "$cur"))
  elif [[ $cmd == plan && $prev == plan ]]; then
    COMPREPLY=($(compgen -W "start stop restart status" -- "$cur"))
  elif [[ $cmd == explain ]]; then
    COMPREPLY=($(compgen -W "${codes}" -- "$cur"))
  elif [[ $cmd == lint || $cmd == apply || $cmd == convert ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o bashdefault -o default -F _xendomains xendomains
`;
}

/** zsh runs the bash script through its bashcompinit emulation. */
export function zshCompletion(): string {
  return `#compdef xendomains
# zsh completion for xendomains(8), through zsh's bash-completion emulation.
# Install: xendomains completion zsh > "\${fpath[1]}/_xendomains"  (or: source <(xendomains completion zsh))
autoload -U +X bashcompinit && bashcompinit
${bashCompletion().split('\n').filter((line) => !line.startsWith('#')).join('\n')}`;
}

/** fish: commands, each command's options, and the values of the options that take a fixed set. */
export function fishCompletion(): string {
  const noCommand = '__fish_use_subcommand';
  const lines = [
    '# fish completion for xendomains(8).',
    '# Install: xendomains completion fish > ~/.config/fish/completions/xendomains.fish',
    'complete -c xendomains -f',
    ...Object.keys(COMMANDS).map((cmd) => `complete -c xendomains -n ${noCommand} -a ${cmd}`),
  ];
  const option = (condition: string, word: string) => {
    const flag = word.startsWith('--') ? `-l ${word.slice(2)}` : `-s ${word.slice(1)}`;
    return `complete -c xendomains ${condition}${flag}`;
  };
  for (const word of GLOBAL.split(' ')) lines.push(option('', word));
  for (const [cmd, opts] of Object.entries(COMMANDS)) {
    for (const word of opts.split(' ').filter(Boolean)) lines.push(option(`-n '__fish_seen_subcommand_from ${cmd}' `, word));
  }
  const values: Array<[string, string]> = [
    ['__fish_seen_subcommand_from plan; and not __fish_seen_subcommand_from start stop restart status', 'start stop restart status'],
    ['__fish_seen_subcommand_from explain', rules.map((r) => r.code).join(' ')],
    ['__fish_seen_subcommand_from completion', Object.keys(SHELLS).join(' ')],
  ];
  for (const [condition, words] of values) lines.push(`complete -c xendomains -n '${condition}' -a '${words}'`);
  lines.push(`complete -c xendomains -l severity -l fail-on -xa 'error warning info style'`);
  lines.push(`complete -c xendomains -l log-format -xa 'auto plain progress json upstream'`);
  lines.push(`complete -c xendomains -l enable -l disable -xa '${rules.map((r) => r.code).join(' ')}'`);
  return `${lines.join('\n')}\n`;
}

export const SHELLS: Record<string, () => string> = { bash: bashCompletion, zsh: zshCompletion, fish: fishCompletion };

export function runCompletion(options: { shell?: string } = {}): number {
  const shell = options.shell ?? 'bash';
  const make = SHELLS[shell];
  if (!make) throw new CliError(`completion: no completion for the shell "${shell}"; supported: ${Object.keys(SHELLS).join(', ')}`, EXIT.usage);
  process.stdout.write(make());
  return EXIT.ok;
}
