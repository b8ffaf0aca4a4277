// The fixed part of the compiled init script: POSIX sh functions for output,
// the journal, the watchdog (coreutils `timeout`, else a background-and-kill
// watchdog), signals, the lock, the toolstack listing and SAVE scanning. What
// runs when (the chains, the verbs) is generated from the plan model in init-script.ts.

/** No `${` anywhere below: the text is a template literal. */
export const RUNTIME_SH = String.raw`
xd_tab=$(printf '\t')
xd_nl='
'
xd_rc=0
xd_sig=
xd_sig2=
xd_trapped=
xd_cpid=
xd_lane=
xd_lane_pids=
xd_jfailed=
xd_tmp=

xd_say() { printf '%s\n' "$*"; }
xd_err() { printf 'xendomains: %s\n' "$*" >&2; }
xd_warn() { printf 'xendomains: warning: %s\n' "$*" >&2; }
# shellcheck disable=SC2317 # unused on a host without SAVE
# A problem makes the run fail (exit 1) although every chain may have succeeded.
xd_problem() { xd_warn "$*"; xd_rc=1; }
xd_now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

# One JSON string (quotes, backslashes and control characters escaped or replaced).
xd_jstr() {
  case $1 in
    *[\"\\]* | *[![:print:]]*) printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g' | tr '\001-\037\177' '????????????????????????????????')" ;;
    *) printf '"%s"' "$1" ;;
  esac
}
xd_jargv() {
  xd_ja='['
  xd_jsep=
  for xd_w in "$@"; do
    xd_ja="$xd_ja$xd_jsep$(xd_jstr "$xd_w")"
    xd_jsep=,
  done
  printf '%s]' "$xd_ja"
}
# Appends one JSON line to the journal; a journal that cannot be written is reported once and then ignored.
xd_journal() {
  [ -n "$XD_JOURNAL" ] && [ -z "$xd_jfailed" ] || return 0
  xd_jf=
  [ -z "$2" ] || xd_jf=",$2"
  xd_jl="{\"v\":1,\"run\":$(xd_jstr "$xd_run"),\"time\":\"$(xd_now)\",\"event\":\"$1\"$xd_jf}"
  if ! { printf '%s\n' "$xd_jl" >>"$XD_JOURNAL"; } 2>/dev/null; then
    if ! { mkdir -p -- "$(dirname -- "$XD_JOURNAL")" && printf '%s\n' "$xd_jl" >>"$XD_JOURNAL"; } 2>/dev/null; then
      xd_jfailed=1
      xd_warn "cannot write the journal $XD_JOURNAL; continuing without it"
    fi
  fi
}

# A scratch directory for this run (lanes report through it).
xd_mktmp() {
  xd_tb=$TMPDIR
  [ -n "$xd_tb" ] || xd_tb=/tmp
  xd_n=0
  while [ "$xd_n" -lt 100 ]; do
    xd_tmp="$xd_tb/xendomains.$$.$xd_n"
    if mkdir -m 700 -- "$xd_tmp" 2>/dev/null; then
      : >"$xd_tmp/failed"
      : >"$xd_tmp/notdone"
      : >"$xd_tmp/names"
      return 0
    fi
    xd_n=$((xd_n + 1))
  done
  xd_err "cannot create a scratch directory under $xd_tb"
  xd_tmp=
  return 1
}
xd_rmtmp() { [ -z "$xd_tmp" ] || rm -rf -- "$xd_tmp"; xd_tmp=; }

# Pauses a number of microseconds: usleep where the host has it (as the reference), else sleep,
# with fractions where sleep takes them, else whole seconds rounded up (never a shorter pause).
xd_usleep() {
  [ "$1" -gt 0 ] || return 0
  if [ -n "$xd_have_usleep" ]; then usleep "$1"; return 0; fi
  if [ -n "$xd_frac_sleep" ]; then
    sleep "$(awk -v u="$1" 'BEGIN { printf "%d.%06d", int(u / 1000000), u % 1000000 }')"
  else
    sleep $((($1 + 999999) / 1000000))
  fi
}

# shellcheck disable=SC2317 # called from traps
# Signals: the first lets the steps in flight finish and starts no new one; a second kills them.
xd_on_signal() {
  xd_trapped=1
  if [ -z "$xd_sig" ]; then
    xd_sig=$1
    if [ -z "$xd_lane" ]; then
      xd_err "SIG$1: no new steps; waiting for the steps in flight (send it again to kill them now)"
      xd_journal interrupt "\"signal\":\"SIG$1\""
    fi
  else
    xd_sig2=$1
    [ -z "$xd_cpid" ] || kill -TERM "$xd_cpid" 2>/dev/null
  fi
  for xd_p in $xd_lane_pids; do kill -TERM "$xd_p" 2>/dev/null; done
}
xd_traps() {
  trap 'xd_on_signal TERM' TERM
  trap 'xd_on_signal INT' INT
  trap 'xd_on_signal HUP' HUP
}
xd_signal_exit() {
  case $xd_sig in
    HUP) return 129 ;;
    INT) return 130 ;;
    *) return 143 ;;
  esac
}

# Waits for a child; a trapped signal interrupts wait, so wait again until the child is done.
xd_wait() {
  while :; do
    xd_trapped=
    wait "$1"
    xd_ws=$?
    [ -n "$xd_trapped" ] || return "$xd_ws"
  done
}

# shellcheck disable=SC2317 # the trap's commands
# The fallback watchdog (no coreutils timeout): TERM after $2 seconds, KILL after the grace; exits 124 when it fired.
xd_watchdog() {
  xd_fired=0
  trap 'kill "$xd_wsp" 2>/dev/null; [ "$xd_fired" = 1 ] && exit 124; exit 0' TERM
  sleep "$2" &
  xd_wsp=$!
  wait "$xd_wsp"
  kill -TERM "$1" 2>/dev/null || exit 0
  xd_fired=1
  sleep "$XD_KILL_GRACE" &
  xd_wsp=$!
  wait "$xd_wsp"
  kill -KILL "$1" 2>/dev/null
  exit 124
}

# Runs argv with the watchdog ($1 seconds, 0: none); sets xd_timedout. xm's stdout is not shown.
xd_exec() {
  xd_t=$1
  shift
  xd_timedout=
  if [ "$xd_t" -gt 0 ] && [ -n "$xd_have_timeout" ]; then
    timeout -k "$XD_KILL_GRACE" "$xd_t" "$@" </dev/null >/dev/null &
    xd_cpid=$!
    xd_wait "$xd_cpid"
    xd_st=$?
    { [ "$xd_st" -eq 124 ] || { [ "$xd_st" -eq 137 ] && [ -z "$xd_sig2" ]; }; } && xd_timedout=1
  else
    "$@" </dev/null >/dev/null &
    xd_cpid=$!
    xd_wd=
    if [ "$xd_t" -gt 0 ]; then
      xd_watchdog "$xd_cpid" "$xd_t" &
      xd_wd=$!
    fi
    xd_wait "$xd_cpid"
    xd_st=$?
    if [ -n "$xd_wd" ]; then
      kill -TERM "$xd_wd" 2>/dev/null
      xd_wait "$xd_wd"
      [ "$xd_ws" -eq 124 ] && xd_timedout=1
    fi
  fi
  xd_cpid=
  return "$xd_st"
}

# One step: journal, the optional mkdir -p, the command under its watchdog, journal. Subject in xd_who/xd_dom/xd_id.
xd_step() {
  xd_phase=$1
  xd_tmo=$2
  xd_dir=$3
  shift 3
  xd_say "$xd_who: $xd_phase: $*"
  xd_jcommon="\"phase\":\"$xd_phase\",\"domain\":$(if [ -n "$xd_dom" ]; then xd_jstr "$xd_dom"; else printf null; fi),\"argv\":$(xd_jargv "$@")"
  xd_journal step-start "$xd_jcommon,\"domid\":$(if [ -n "$xd_id" ]; then printf '%s' "$xd_id"; else printf null; fi),\"timeoutSeconds\":$(if [ "$xd_tmo" -gt 0 ]; then printf '%s' "$xd_tmo"; else printf null; fi)"
  xd_ran=true
  xd_timedout=
  if [ -n "$xd_dir" ] && ! mkdir -p -- "$xd_dir"; then
    xd_st=1
    xd_ran=false
    xd_why="mkdir -p $xd_dir failed"
  else
    xd_exec "$xd_tmo" "$@"
    xd_st=$?
    if [ -n "$xd_timedout" ]; then xd_why="killed by the watchdog after $xd_tmo s"; else xd_why="exit $xd_st"; fi
  fi
  xd_journal step-end "$xd_jcommon,\"ok\":$(if [ "$xd_st" -eq 0 ]; then printf true; else printf false; fi),\"ran\":$xd_ran,\"exit\":$xd_st,\"timedOut\":$(if [ -n "$xd_timedout" ]; then printf true; else printf false; fi)"
  if [ "$xd_st" -eq 0 ]; then xd_say "$xd_who: $xd_phase ok"; else xd_say "$xd_who: $xd_phase FAILED: $xd_why"; fi
  return "$xd_st"
}

# Moves a partial save image out of restore's way: only into a directory no domain name can have, else a hidden name.
xd_quarantine() {
  [ -e "$1" ] || return 0
  xd_stamp=$(date -u +%Y%m%dT%H%M%SZ)
  xd_qd="$(dirname -- "$1")/$XD_QUARANTINE"
  xd_to="$xd_qd/$(basename -- "$1").partial-$xd_stamp"
  if ! mkdir -p -- "$xd_qd" 2>/dev/null; then xd_to="$(dirname -- "$1")/.$(basename -- "$1").partial-$xd_stamp"; fi
  xd_base=$xd_to
  xd_k=2
  while [ -e "$xd_to" ]; do
    xd_to="$xd_base~$xd_k"
    xd_k=$((xd_k + 1))
  done
  if mv -- "$1" "$xd_to"; then
    xd_warn "the save of $xd_dom did not complete: its partial image was moved to $xd_to (restore will not pick it up; delete it once you have looked)"
    xd_journal quarantine "\"domain\":$(xd_jstr "$xd_dom"),\"image\":$(xd_jstr "$1"),\"to\":$(xd_jstr "$xd_to")"
  else
    xd_problem "the save of $xd_dom did not complete and its partial image $1 could not be moved aside: delete it before the next boot, or it is restored"
  fi
}

# The domain list, read whole: xd_domains gets "domid TAB safe TAB name" lines (Domain-0 included).
xd_list() {
  if ! xd_out=$(xd_list_cmd 2>"$xd_tmp/list.err"); then
    xd_list_error="\`$XD_XM $XD_LIST_ARGS\` failed: $(tail -n 3 "$xd_tmp/list.err" | tr '\n' ' ')"
    return 1
  fi
  if ! xd_domains=$(printf '%s\n' "$xd_out" | awk "$XD_SXP_AWK" 2>"$xd_tmp/list.err"); then
    xd_list_error="cannot read the domain list whole: $(tail -n 1 "$xd_tmp/list.err")"
    return 1
  fi
  xd_running=$xd_nl
  while IFS=$xd_tab read -r xd_i xd_s xd_n; do
    [ -n "$xd_i" ] && [ "$xd_i" != 0 ] && xd_running="$xd_running$xd_n$xd_nl"
  done <<EOF
$xd_domains
EOF
  return 0
}
# True when the name is on a newline-separated list.
xd_listed() {
  case $2 in *"$xd_nl$1$xd_nl"*) return 0 ;; esac
  return 1
}

# The lock: absent, held (empty, not ours, this boot, boot unknown) or stale (written in an earlier boot).
xd_lock_state() {
  if [ ! -e "$XD_LOCK" ] && [ ! -L "$XD_LOCK" ]; then xd_ls=absent; return; fi
  if [ -d "$XD_LOCK" ] || [ ! -r "$XD_LOCK" ]; then xd_ls=held; return; fi
  xd_lt=$(cat -- "$XD_LOCK" 2>/dev/null) || { xd_ls=held; return; }
  xd_lpid=$(printf '%s\n' "$xd_lt" | sed -n 's/^{"pid":\([0-9][0-9]*\),.*/\1/p')
  xd_lboot=$(printf '%s\n' "$xd_lt" | sed -n 's/.*"bootId":"\([^"]*\)".*/\1/p')
  xd_ltime=$(printf '%s\n' "$xd_lt" | sed -n 's/.*"time":"\([^"]*\)".*/\1/p')
  xd_boot=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)
  if [ -z "$xd_lpid" ] || [ -z "$xd_lboot" ] || [ -z "$xd_boot" ] || [ "$xd_lboot" = "$xd_boot" ]; then xd_ls=held; else xd_ls=stale; fi
}
xd_lock_record() {
  xd_boot=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)
  if [ -n "$xd_boot" ]; then xd_bj="\"$xd_boot\""; else xd_bj=null; fi
  printf '{"pid":%s,"bootId":%s,"verb":"%s","time":"%s"}\n' "$$" "$xd_bj" "$1" "$(date -u +%Y-%m-%dT%H:%M:%S.000Z)"
}
# Takes the lock atomically (noclobber); returns 2 when another start holds it. A stale lock is replaced under a .break mutex.
xd_lock_take() {
  if ! mkdir -p -- "$(dirname -- "$XD_LOCK")" 2>/dev/null; then
    xd_warn "cannot create $(dirname -- "$XD_LOCK"); starting without a lock"
    return 0
  fi
  xd_try=0
  while [ "$xd_try" -lt 50 ]; do
    if (set -C; xd_lock_record "$1" >"$XD_LOCK") 2>/dev/null; then return 0; fi
    xd_lock_state
    case $xd_ls in
      held) return 2 ;;
      stale)
        if (set -C; xd_lock_record break >"$XD_LOCK.break") 2>/dev/null; then
          xd_old_pid=$xd_lpid
          xd_old_time=$xd_ltime
          xd_lock_state
          if [ "$xd_ls" = stale ] && [ "$xd_lpid" = "$xd_old_pid" ]; then
            rm -f -- "$XD_LOCK"
            xd_warn "replaced a stale lock $XD_LOCK from an earlier boot (pid $xd_old_pid, $xd_old_time)"
          fi
          rm -f -- "$XD_LOCK.break"
        else
          sleep 1
        fi
        ;;
      absent)
        [ -e "$(dirname -- "$XD_LOCK")" ] || { xd_warn "cannot create $XD_LOCK; starting without a lock"; return 0; }
        ;;
    esac
    xd_try=$((xd_try + 1))
  done
  xd_warn "gave up taking $XD_LOCK (it keeps changing); starting without a lock"
  return 0
}

# A SAVE entry restore would pick up: a regular file that starts with the toolstack's image signature.
xd_is_image() {
  [ -f "$1" ] && [ -r "$1" ] && [ -s "$1" ] || return 1
  xd_head=$(dd if="$1" bs="$XD_SIG_LEN" count=1 2>/dev/null | tr '\000\n' '??')
  [ "$xd_head" = "$XD_IMAGE_SIGNATURE" ]
}

# Records a chain's end for the summary (lanes write through the scratch directory). $1: chain number, $2: name.
xd_record() {
  case $xd_end in
    fail) printf '%s\t%s\n' "$1" "$2" >>"$xd_tmp/failed"; xd_rc=1; xd_say "$2: FAILED" ;;
    interrupted) printf '%s\t%s\n' "$1" "$2" >>"$xd_tmp/notdone"; xd_say "$2: INTERRUPTED" ;;
    ok) xd_say "$2: $xd_how" ;;
  esac
}
xd_joined() { sort -n "$1" | cut -f2- | awk -v sep="$2" 'NR > 1 { printf "%s", sep } { printf "%s", $0 } END { if (NR) printf "\n" }'; }
`;
