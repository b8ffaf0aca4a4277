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
xd_lane_no=
xd_lane_pids=
xd_jfailed=
xd_tmp=
xd_xout=/dev/null
xd_stub=

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
  # As the executor: no pause once a signal said stop.
  [ "$1" -gt 0 ] && [ -z "$xd_sig" ] || return 0
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
  # Fired before the kill: a TERM from xd_exec between the kill and this line would otherwise report a kill as no kill.
  xd_fired=1
  kill -TERM "$1" 2>/dev/null || exit 0
  sleep "$XD_KILL_GRACE" &
  xd_wsp=$!
  wait "$xd_wsp"
  kill -KILL "$1" 2>/dev/null
  exit 124
}

# Runs argv with the watchdog ($1 seconds, 0: none); sets xd_timedout. Its stdout goes to $xd_xout (not shown).
xd_exec() {
  xd_t=$1
  shift
  xd_timedout=
  if [ "$xd_t" -gt 0 ] && [ -n "$xd_have_timeout" ]; then
    timeout -k "$XD_KILL_GRACE" "$xd_t" "$@" </dev/null >"$xd_xout" &
    xd_cpid=$!
    xd_wait "$xd_cpid"
    xd_st=$?
    { [ "$xd_st" -eq 124 ] || { [ "$xd_st" -eq 137 ] && [ -z "$xd_sig2" ]; }; } && xd_timedout=1
  else
    "$@" </dev/null >"$xd_xout" &
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
      # 124 with a clean exit: the command finished on its own at the deadline, not killed.
      [ "$xd_ws" -eq 124 ] && [ "$xd_st" -ne 0 ] && xd_timedout=1
    fi
  fi
  xd_cpid=
  return "$xd_st"
}

# One step: journal, the command under its watchdog (unless xd_prep says why not), journal. Subject in xd_who/xd_dom/xd_id.
xd_step() {
  xd_phase=$1
  xd_tmo=$2
  shift 2
  xd_say "$xd_who: $xd_phase: $*"
  xd_jcommon="\"phase\":\"$xd_phase\",\"domain\":$(if [ -n "$xd_dom" ]; then xd_jstr "$xd_dom"; else printf null; fi),\"argv\":$(xd_jargv "$@")"
  xd_journal step-start "$xd_jcommon,\"domid\":$(if [ -n "$xd_id" ]; then printf '%s' "$xd_id"; else printf null; fi),\"timeoutSeconds\":$(if [ "$xd_tmo" -gt 0 ]; then printf '%s' "$xd_tmo"; else printf null; fi)"
  xd_ran=true
  xd_timedout=
  if [ -n "$xd_prep" ]; then
    xd_st=1
    xd_ran=false
    xd_why=$xd_prep
  else
    xd_exec "$xd_tmo" "$@"
    xd_st=$?
    if [ -n "$xd_timedout" ]; then xd_why="killed by the watchdog after $xd_tmo s"; else xd_why="exit $xd_st"; fi
  fi
  xd_journal step-end "$xd_jcommon,\"ok\":$(if [ "$xd_st" -eq 0 ]; then printf true; else printf false; fi),\"ran\":$xd_ran,\"exit\":$xd_st,\"timedOut\":$(if [ -n "$xd_timedout" ]; then printf true; else printf false; fi)"
  if [ "$xd_st" -eq 0 ]; then xd_say "$xd_who: $xd_phase ok"; else xd_say "$xd_who: $xd_phase FAILED: $xd_why"; fi
  return "$xd_st"
}

# The domain list, read whole: xd_domains gets "domid TAB safe TAB name" lines (Domain-0 included).
# The listing runs under a watchdog as the executor's: $1 seconds, else XENDOMAINS_LIST_TIMEOUT (60).
xd_list() {
  xd_lto=$XD_LIST_TIMEOUT
  [ -z "$1" ] || xd_lto=$1
  # Per lane: parallel lanes list at once (after a failed save).
  xd_lf="$xd_tmp/list$xd_lane_no"
  xd_xout="$xd_lf.out"
  xd_list_run "$xd_lto" 2>"$xd_lf.err"
  xd_lst=$?
  xd_xout=/dev/null
  if [ "$xd_lst" -ne 0 ]; then
    if [ -n "$xd_timedout" ]; then
      xd_list_error="\`$XD_XM $XD_LIST_ARGS\` timed out after $xd_lto s (XENDOMAINS_LIST_TIMEOUT)"
    else
      xd_list_error="\`$XD_XM $XD_LIST_ARGS\` failed (exit $xd_lst): $(tail -n 3 "$xd_lf.err" | tr '\n' ' ')"
    fi
    return 1
  fi
  if ! xd_domains=$(awk "$XD_LIST_AWK" "$xd_lf.out" 2>"$xd_lf.err"); then
    xd_list_error="cannot read the domain list whole: $(tail -n 1 "$xd_lf.err")"
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
# The listed domains a stop treats or waits for (xd_domains lines): not Domain-0, not the stub domain (xd_stub).
xd_domu_lines() { printf '%s\n' "$xd_domains" | awk -F "$xd_tab" -v xs="$xd_stub" '$1 != "" && $1 != 0 && $1 != xs'; }
# Is a domain other than Domain-0 (and the stub domain) still listed? A listing that fails says yes, as the executor:
# a needless shutdown-all beats a guest left running. The listing of the start of the run is kept.
xd_domus_remain() {
  xd_keep_domains=$xd_domains xd_keep_running=$xd_running
  if xd_list; then
    xd_rem=$(xd_domu_lines)
    xd_domains=$xd_keep_domains xd_running=$xd_keep_running
    [ -n "$xd_rem" ]
    return
  fi
  xd_domains=$xd_keep_domains xd_running=$xd_keep_running
  xd_warn "$xd_list_error: cannot tell whether domains remain, so running the final shutdown anyway"
  return 0
}

# True when the name is on a newline-separated list.
xd_listed() {
  case $2 in *"$xd_nl$1$xd_nl"*) return 0 ;; esac
  return 1
}

xd_alive() { kill -0 "$1" 2>/dev/null || [ -d "/proc/$1" ]; }

# Judges a lock file ($1; $2: service or run): xd_ls is absent, held, stale or problem (xd_lproblem),
# xd_lwhy says why, xd_lpid/xd_lverb/xd_ltime/xd_lphase are its record. A record of another boot is
# stale; a run lock, or a service lock still "starting", is stale once its process is gone.
xd_judge() {
  xd_lpid='' xd_lboot='' xd_ltime='' xd_lverb='' xd_lphase='' xd_lwhy='' xd_lproblem=''
  if [ -L "$1" ]; then xd_ls=problem xd_lproblem="$1 is a symlink, not a lock xendomains wrote: remove it"; return 0; fi
  if [ ! -e "$1" ]; then xd_ls=absent; return 0; fi
  if [ -d "$1" ]; then xd_ls=problem xd_lproblem="$1 is a directory, not a lock xendomains wrote: remove it"; return 0; fi
  # A holder may drop the lock between these tests: a file that is gone by now is absent, not a problem.
  if [ ! -f "$1" ]; then
    if [ -e "$1" ] || [ -L "$1" ]; then xd_ls=problem xd_lproblem="$1 is not a regular file, not a lock xendomains wrote: remove it"; else xd_ls=absent; fi
    return 0
  fi
  # Between two contenders the lock can go and come back (a third took it): read again a few times.
  xd_tries=0
  while ! xd_lt=$(cat -- "$1" 2>/dev/null); do
    if [ ! -e "$1" ] && [ ! -L "$1" ]; then xd_ls=absent; return 0; fi
    xd_tries=$((xd_tries + 1))
    if [ "$xd_tries" -ge 5 ]; then xd_ls=problem xd_lproblem="cannot read $1"; return 0; fi
  done
  case $xd_lt in
    *[![:space:]]*) ;;
    *) xd_ls=held xd_lwhy=empty; return 0 ;;
  esac
  xd_lpid=$(printf '%s\n' "$xd_lt" | sed -n 's/^{"pid":\([0-9][0-9]*\)[,}].*/\1/p')
  if [ -z "$xd_lpid" ]; then xd_ls=held xd_lwhy=not-ours; return 0; fi
  xd_lboot=$(printf '%s\n' "$xd_lt" | sed -n 's/.*"bootId":"\([^"]*\)".*/\1/p')
  xd_lverb=$(printf '%s\n' "$xd_lt" | sed -n 's/.*"verb":"\([^"]*\)".*/\1/p')
  xd_ltime=$(printf '%s\n' "$xd_lt" | sed -n 's/.*"time":"\([^"]*\)".*/\1/p')
  xd_lphase=$(printf '%s\n' "$xd_lt" | sed -n 's/.*"phase":"\([^"]*\)".*/\1/p')
  xd_boot=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)
  if [ -n "$xd_lboot" ] && [ -n "$xd_boot" ] && [ "$xd_lboot" != "$xd_boot" ]; then xd_ls=stale xd_lwhy=earlier-boot; return 0; fi
  if [ "$2" = service ] && [ "$xd_lphase" != starting ]; then xd_ls=held xd_lwhy=started; return 0; fi
  if ! xd_alive "$xd_lpid"; then xd_ls=stale xd_lwhy=dead-pid; return 0; fi
  xd_ls=held xd_lwhy=alive
}
xd_describe_stale() {
  xd_t=$xd_ltime
  [ -n "$xd_t" ] || xd_t='time unknown'
  if [ "$xd_lwhy" = earlier-boot ]; then
    printf 'from an earlier boot (pid %s, %s)' "$xd_lpid" "$xd_t"
  else
    xd_v=$xd_lverb
    [ -n "$xd_v" ] || xd_v='a run'
    printf 'left by %s pid %s, which is gone (%s)' "$xd_v" "$xd_lpid" "$xd_t"
  fi
}
# The service lock as start sees it: held or not (unreadable, a directory, a symlink: held).
xd_service_held() {
  xd_judge "$XD_LOCK" service
  [ "$xd_ls" = held ] || { [ "$xd_ls" = problem ] && { [ -e "$XD_LOCK" ] || [ -L "$XD_LOCK" ]; }; }
}
# For status and condrestart: a start killed half-way still started guests.
xd_service_up() {
  xd_service_held && return 0
  [ "$xd_ls" = stale ] && [ "$xd_lwhy" = dead-pid ]
}
xd_lock_record() {
  xd_boot=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)
  if [ -n "$xd_boot" ]; then xd_bj="\"$xd_boot\""; else xd_bj=null; fi
  xd_ph=
  [ -z "$2" ] || xd_ph=",\"phase\":\"$2\""
  printf '{"pid":%s,"bootId":%s,"verb":"%s","time":"%s"%s}\n' "$$" "$xd_bj" "$1" "$(date -u +%Y-%m-%dT%H:%M:%S.000Z)" "$xd_ph"
}
# Creates the lock $1 holding our record ($2 verb, $3 phase), or fails when $1 exists. The record is
# written under a temporary name and hard-linked into place, so no reader ever sees it half-written
# (a second start once read an empty run lock and refused); noclobber where hard links are refused.
xd_lock_create() {
  [ ! -d "$1" ] || return 1
  xd_ltmp="$1.$$.tmp"
  rm -f -- "$xd_ltmp" 2>/dev/null
  if (set -C; xd_lock_record "$2" "$3" >"$xd_ltmp") 2>/dev/null; then
    if ln -- "$xd_ltmp" "$1" 2>/dev/null; then rm -f -- "$xd_ltmp"; return 0; fi
    # Refused: the lock exists, or this file system has no hard links; a link to a fresh name tells
    # which. Where links work the lock is never written in place (a reader could see it half-written).
    if ln -- "$xd_ltmp" "$xd_ltmp.l" 2>/dev/null; then rm -f -- "$xd_ltmp.l" "$xd_ltmp"; return 1; fi
    rm -f -- "$xd_ltmp"
    if [ -e "$1" ] || [ -L "$1" ]; then return 1; fi
  fi
  (set -C; xd_lock_record "$2" "$3" >"$1") 2>/dev/null
}
# Takes the service lock (under the run lock): 0 taken, 2 held by a start, 1 cannot (xd_lerr).
xd_service_take() {
  xd_ld=$(dirname -- "$XD_LOCK")
  if ! mkdir -p -- "$xd_ld" 2>/dev/null; then xd_lerr="cannot create $xd_ld"; return 1; fi
  xd_judge "$XD_LOCK" service
  case $xd_ls in
    problem) xd_lerr=$xd_lproblem; return 1 ;;
    held) return 2 ;;
    stale)
      xd_stale_msg="replaced a stale lock $XD_LOCK $(xd_describe_stale)"
      if ! rm -f -- "$XD_LOCK"; then xd_lerr="cannot remove $XD_LOCK"; return 1; fi
      ;;
  esac
  if xd_lock_create "$XD_LOCK" start starting; then
    [ "$xd_ls" != stale ] || xd_warn "$xd_stale_msg"
    return 0
  fi
  if [ -e "$XD_LOCK" ]; then xd_lerr="$XD_LOCK appeared while it was being taken: another xendomains not using the run lock?"; else xd_lerr="cannot create $XD_LOCK"; fi
  return 1
}
# At the end of a start: the lock says "started", so it stays held after this process exits.
xd_service_started() {
  if ! { xd_lock_record start started >"$XD_LOCK.new.$$" && mv -f -- "$XD_LOCK.new.$$" "$XD_LOCK"; } 2>/dev/null; then
    rm -f -- "$XD_LOCK.new.$$" 2>/dev/null
    xd_warn "cannot mark the lock $XD_LOCK as started (the next start takes it for an interrupted one once this process is gone)"
  fi
}
# The run lock beside the service lock: start and stop are exclusive; a holder that is gone is replaced.
# 0 taken, 1 cannot (xd_lerr), 3 interrupted while waiting.
xd_run_take() {
  XD_RUNLOCK="$(dirname -- "$XD_LOCK")/.$(basename -- "$XD_LOCK").run"
  xd_run_ours=
  if ! mkdir -p -- "$(dirname -- "$XD_LOCK")" 2>/dev/null; then xd_lerr="cannot create $(dirname -- "$XD_LOCK")"; return 1; fi
  xd_waiting=
  while :; do
    [ -z "$xd_sig" ] || return 3
    if xd_lock_create "$XD_RUNLOCK" "$1"; then xd_run_ours=1; return 0; fi
    xd_judge "$XD_RUNLOCK" run
    case $xd_ls in
      problem) xd_lerr=$xd_lproblem; return 1 ;;
      held)
        case $xd_lwhy in empty | not-ours) xd_lerr="$XD_RUNLOCK was not written by xendomains: remove it if no start or stop is running"; return 1 ;; esac
        if [ -z "$xd_waiting" ]; then
          xd_err "waiting for the $xd_lverb already running (pid $xd_lpid) to finish"
          xd_waiting=1
        fi
        xd_usleep 250000
        ;;
      stale)
        xd_old_pid=$xd_lpid xd_old_time=$xd_ltime
        if xd_lock_create "$XD_RUNLOCK.break" break; then
          xd_judge "$XD_RUNLOCK" run
          if [ "$xd_ls" = stale ] && [ "$xd_lpid" = "$xd_old_pid" ] && [ "$xd_ltime" = "$xd_old_time" ]; then
            rm -f -- "$XD_RUNLOCK"
            xd_warn "replaced a stale run lock $XD_RUNLOCK (pid $xd_old_pid is gone)"
          fi
          rm -f -- "$XD_RUNLOCK.break"
        else
          xd_usleep 100000
        fi
        ;;
    esac
  done
}
# Drops our run lock (only ours).
xd_run_drop() {
  [ -n "$xd_run_ours" ] || return 0
  xd_judge "$XD_RUNLOCK" run
  if [ "$xd_ls" = held ] && [ "$xd_lpid" = "$$" ]; then rm -f -- "$XD_RUNLOCK" || xd_warn "cannot remove the run lock $XD_RUNLOCK"; fi
  xd_run_ours=
}

# Moves a file out of restore's way ($2: why, in its new name): into a directory no domain name can have, else a hidden name.
# 0 moved (to xd_to), 1 could not, 2 absent.
xd_move_aside() {
  [ -e "$1" ] || [ -L "$1" ] || return 2
  xd_stamp=$(date -u +%Y%m%dT%H%M%SZ)
  xd_qd="$(dirname -- "$1")/$XD_QUARANTINE"
  xd_to="$xd_qd/$(basename -- "$1").$2-$xd_stamp"
  if ! mkdir -p -- "$xd_qd" 2>/dev/null; then xd_to="$(dirname -- "$1")/.$(basename -- "$1").$2-$xd_stamp"; fi
  xd_base=$xd_to
  xd_q=2
  while [ -e "$xd_to" ] || [ -L "$xd_to" ]; do
    xd_to="$xd_base~$xd_q"
    xd_q=$((xd_q + 1))
  done
  mv -- "$1" "$xd_to" 2>/dev/null && return 0
  return 1
}
xd_jquarantine() { xd_journal quarantine "\"domain\":$(if [ -n "$xd_dom" ]; then xd_jstr "$xd_dom"; else printf null; fi),\"image\":$(xd_jstr "$1"),\"to\":$(xd_jstr "$2")"; }

# shellcheck disable=SC2012 # ls -di prints the inode of one path we name (find has no portable way)
# Before xm save: whatever sits at the image path is moved aside (never written through), then an empty
# file of ours is created there; xd_prep says why the save must not run.
xd_before_save() {
  xd_guard=
  if [ -e "$1" ] || [ -L "$1" ]; then
    if [ -d "$1" ] && [ ! -L "$1" ]; then xd_prep="$1 is a directory: not saving into it"; return 0; fi
    if [ -L "$1" ]; then
      xd_lbl=symlink xd_what='a symlink' xd_then=' (xm would have written the image through it)'
    elif [ -f "$1" ]; then
      xd_lbl=earlier xd_then=' (kept, never overwritten)'
      if [ -s "$1" ]; then xd_what='a file (an earlier, never restored save image?)'; else xd_what='an empty file'; fi
    else
      xd_lbl=earlier xd_what='not a regular file' xd_then=' (kept, never overwritten)'
    fi
    if xd_move_aside "$1" "$xd_lbl"; then
      xd_problem "$1 was $xd_what before the save: moved to $xd_to$xd_then"
      xd_jquarantine "$1" "$xd_to"
    else
      xd_prep="$1 is $xd_what and cannot be moved aside: not saving over it"
      return 0
    fi
  fi
  if ! (umask 077; set -C; : >"$1") 2>/dev/null; then xd_prep="cannot create $1; not saving"; return 0; fi
  xd_guard=$(ls -di -- "$1" 2>/dev/null | awk '{ print $1 }')
}
# shellcheck disable=SC2012 # as above
# After a failed save: only our own file is touched: a partial image goes aside, our empty file is removed.
# A save the watchdog (or a second signal) killed while its domain was still listed is recorded for
# xd_settle_killed_save at the chain's end (xd_killed_*): xend may finish it after the kill.
xd_after_save() {
  # xd_list below runs its own watchdog: whether the save was killed is read now.
  xd_skilled=
  [ -z "$xd_timedout$xd_sig2" ] || xd_skilled=1
  [ -n "$xd_guard" ] || return 0
  [ -e "$1" ] || [ -L "$1" ] || return 0
  if [ -L "$1" ] || [ ! -f "$1" ] || [ "$(ls -di -- "$1" 2>/dev/null | awk '{ print $1 }')" != "$xd_guard" ]; then
    xd_warn "$1 was replaced during the failed save: not ours, left as it is"
    return 0
  fi
  if [ ! -s "$1" ]; then rm -f -- "$1"; return 0; fi
  # As the executor: when the domain is gone although xm save did not report success, the save went
  # through (xend finished it): the image is kept for the next boot, not quarantined.
  xd_keep_domains=$xd_domains xd_keep_running=$xd_running
  xd_slisted=
  if [ -n "$xd_id" ] && xd_list 60; then
    if ! xd_still_listed; then
      xd_domains=$xd_keep_domains xd_running=$xd_keep_running
      xd_warn "xm save of $xd_dom did not report success, but the domain is gone: its image $1 is kept for the next boot to restore"
      return 0
    fi
    xd_slisted=1
  fi
  xd_domains=$xd_keep_domains xd_running=$xd_keep_running
  if xd_move_aside "$1" partial; then
    xd_warn "the save of $xd_dom did not complete: its partial image was moved to $xd_to (restore will not pick it up; delete it once you have looked)"
    xd_jquarantine "$1" "$xd_to"
    if [ -n "$xd_skilled" ] && [ -n "$xd_slisted" ]; then
      xd_killed_to=$xd_to xd_killed_image=$1 xd_killed_id=$xd_id xd_killed_dom=$xd_dom
      xd_killed_size=$(ls -ln -- "$xd_to" 2>/dev/null | awk '{ print $5 }')
    fi
  else
    xd_problem "the save of $xd_dom did not complete and its partial image $1 could not be moved aside: delete it before the next boot, or it is restored"
  fi
}
# Is the domain xd_id / xd_dom in the listing just read (xd_domains)?
xd_still_listed() { printf '%s\n' "$xd_domains" | awk -F "$xd_tab" -v id="$xd_id" -v n="$xd_dom" '$1 == id || $3 == n { f = 1 } END { exit !f }'; }
# shellcheck disable=SC2012 # as above
# At a chain's end, as the executor's settleKilledSave: killing xm save does not stop xend, which may go on
# writing the image (moved aside, the same file) and then destroy the domain. If the domain is gone and no
# later step of the chain took it (xd_killed_took: one succeeded or was itself killed), or the image grew
# after the kill, xend finished the save: the image goes back where restore finds it, never over anything.
xd_settle_killed_save() {
  [ -n "$xd_killed_to" ] || return 0
  xd_kt=$xd_killed_to
  xd_killed_to=
  [ -f "$xd_kt" ] && [ ! -L "$xd_kt" ] || return 0
  xd_kgrew=
  xd_ksize=$(ls -ln -- "$xd_kt" 2>/dev/null | awk '{ print $5 }')
  [ "$xd_ksize" -gt "$xd_killed_size" ] 2>/dev/null && xd_kgrew=1
  # The common case (xend stopped with xm, our shutdown took the domain) needs no listing.
  [ -n "$xd_kgrew" ] || [ -z "$xd_killed_took" ] || return 0
  xd_keep_domains=$xd_domains xd_keep_running=$xd_running
  xd_kgone=
  if xd_list 60; then
    xd_id=$xd_killed_id xd_dom=$xd_killed_dom
    xd_still_listed || xd_kgone=1
  fi
  xd_domains=$xd_keep_domains xd_running=$xd_keep_running
  [ -n "$xd_kgone" ] || return 0
  xd_ki=$xd_killed_image
  xd_kn=$xd_killed_dom
  [ -n "$xd_kn" ] || xd_kn=$xd_ki
  if [ -n "$xd_kgrew" ]; then xd_kwhy='its image grew after the watchdog killed xm save'; else xd_kwhy='no later step of its chain took it'; fi
  if [ -e "$xd_ki" ] || [ -L "$xd_ki" ]; then
    xd_problem "$xd_kn is gone and $xd_kwhy, so xend finished the save: $xd_kt is its complete image, but $xd_ki is taken; move it there by hand before the next boot"
    return 0
  fi
  # A hard link never replaces a name that appeared meanwhile; mv only where the file system has no links.
  if ln -- "$xd_kt" "$xd_ki" 2>/dev/null; then
    rm -f -- "$xd_kt" 2>/dev/null
  elif [ -e "$xd_ki" ] || [ -L "$xd_ki" ]; then
    xd_problem "$xd_kn is gone and $xd_kwhy, so xend finished the save: $xd_kt is its complete image, but $xd_ki is taken; move it there by hand before the next boot"
    return 0
  elif ! mv -- "$xd_kt" "$xd_ki" 2>/dev/null; then
    xd_problem "$xd_kn is gone and $xd_kwhy, so xend finished the save, but $xd_kt could not be moved back to $xd_ki: move it there by hand before the next boot"
    return 0
  fi
  xd_journal unquarantine "\"domain\":$(if [ -n "$xd_killed_dom" ]; then xd_jstr "$xd_killed_dom"; else printf null; fi),\"image\":$(xd_jstr "$xd_ki"),\"from\":$(xd_jstr "$xd_kt")"
  xd_warn "$xd_kn is gone and $xd_kwhy, so xend finished the save after the kill: its image $xd_kt was moved back to $xd_ki for the next boot to restore"
}
# Before xm restore, as root: a regular file of ours that nobody else may change, else xd_prep says why not.
xd_untrusted() {
  [ -e "$1" ] || [ -L "$1" ] || return 0
  if [ -L "$1" ]; then xd_prep="$1 is a symlink: not restored (an image is a regular file xendomains saved)"; return 0; fi
  if [ ! -f "$1" ]; then xd_prep="$1 is not a regular file: not restored (an image is a regular file xendomains saved)"; return 0; fi
  xd_uid=$(id -u)
  if [ -n "$(find "$1" -prune ! -user "$xd_uid" -print 2>/dev/null)" ]; then xd_prep="$1 is not owned by uid $xd_uid: not restored (anyone who can write SAVE could have planted it)"; return 0; fi
  if [ -n "$(find "$1" -prune \( -perm -020 -o -perm -002 \) -print 2>/dev/null)" ]; then xd_prep="$1 is writable by others or its group: not restored"; fi
}
# After a failed restore with a create after it: the image goes aside, or the next boot restores it over the new guest.
xd_after_failed_restore() {
  if xd_move_aside "$1" unrestored; then
    xd_problem "the restore of $xd_dom failed: $1 was moved to $xd_to (kept; restore it by hand only if the guest below has not run since) and $xd_dom is created from its config"
    xd_jquarantine "$1" "$xd_to"
  elif [ $? -eq 1 ]; then
    xd_problem "the restore of $xd_dom failed and $1 could not be moved aside: delete it before the next boot, or it is restored over the guest created now"
  fi
}

# A SAVE entry restore would pick up: a regular file that starts with the toolstack's image signature.
xd_is_image() {
  [ -f "$1" ] && [ -r "$1" ] && [ -s "$1" ] || return 1
  xd_head=$(dd if="$1" bs="$XD_SIG_LEN" count=1 2>/dev/null | tr '\000\n' '??')
  [ "$xd_head" = "$XD_IMAGE_SIGNATURE" ]
}

# shellcheck disable=SC2012 # ls -ln prints the size of one path we name (find has no portable way)
# The restores a killed start left unfinished, from the journal's last 8 MiB (as the executor reads it):
# xd_unf gets "image TAB 1|0 TAB domain" lines (0: the journal names no domain).
xd_unfinished() {
  xd_unf=
  [ -n "$XD_JOURNAL" ] && [ -f "$XD_JOURNAL" ] && [ -r "$XD_JOURNAL" ] || return 0
  xd_jsize=$(ls -ln -- "$XD_JOURNAL" 2>/dev/null | awk '{ print $5 }')
  xd_cut=0
  [ "$xd_jsize" -le 8388608 ] 2>/dev/null || xd_cut=1
  xd_unf=$(tail -c 8388608 <"$XD_JOURNAL" 2>/dev/null | awk -v cut="$xd_cut" "$XD_JOURNAL_AWK")
}
# shellcheck disable=SC2034 # xd_ufh/xd_ufd are read by the start's recovery (hosts that restore)
# Is image $1 among them? Sets xd_ufh (1: the journal names its domain) and xd_ufd.
xd_unfinished_of() {
  while IFS=$xd_tab read -r xd_ui xd_ufh xd_ufd; do
    [ "$xd_ui" = "$1" ] && return 0
  done <<EOF
$xd_unf
EOF
  xd_ufh='' xd_ufd=''
  return 1
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
