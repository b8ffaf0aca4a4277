// `xendomains completion`: prints a static bash completion script for the
// commands, their options and option values (rule codes included). Keep
// COMMANDS in step with main.ts; a test compares it with each command's --help.

import { rules } from '../../rules/index.js';
import { EXIT } from './common.js';

const GLOBAL = '-c --config --root --lock-file --xm --color --no-color -q --quiet --help --version';
const EXEC = '--journal --log-format --jobs -j --state';

/** Command → its own options (the global ones are added to every command). */
export const COMMANDS: Record<string, string> = {
  lint: '-f --format --severity --fail-on --max-warnings --enable --disable --rc --fleet',
  plan: '--state -f --format --out',
  apply: EXEC,
  start: EXEC,
  stop: EXEC,
  restart: EXEC,
  reload: EXEC,
  status: EXEC,
  show: '-f --format',
  rules: '',
  explain: '',
  'systemd-unit': '--xendomains-path --state --generic',
  'compile-init': '-o --out --journal --check',
  completion: '',
};

/** Options that take a value (the word after them is not a command). */
const VALUED = '-c|--config|--root|--lock-file|--xm|-f|--format|--severity|--fail-on|--max-warnings|--enable|--disable|--rc|--fleet|--state|--out|--journal|--log-format|--jobs|-j|--xendomains-path|-o|--check';

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
    -c|--config|--rc|--fleet|--state|-o|--out|--journal|--lock-file|--xm|--xendomains-path|--check)
      COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --root) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    -f|--format)
      case $cmd in
        lint) opts="stylish gcc json sarif github checkstyle" ;;
        plan) opts="text json sh" ;;
        show) opts="text json" ;;
      esac
      COMPREPLY=($(compgen -W "$opts" -- "$cur")); return ;;
    --severity|--fail-on) COMPREPLY=($(compgen -W "error warning info style" -- "$cur")); return ;;
    --enable|--disable) COMPREPLY=($(compgen -W "${codes} ${names}" -- "$cur")); return ;;
    --log-format) COMPREPLY=($(compgen -W "auto plain progress json upstream" -- "$cur")); return ;;
    --max-warnings|--jobs|-j) return ;;
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
  elif [[ $cmd == lint || $cmd == apply ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o bashdefault -o default -F _xendomains xendomains
`;
}

export function runCompletion(): number {
  process.stdout.write(bashCompletion());
  return EXIT.ok;
}
