// The awk JSON reader the compiled init script runs (POSIX awk: mawk, busybox,
// gawk): a streaming tokenizer and parser as strict as JSON.parse, and, built on
// it, the reader of the executor's journal (its unfinished restores). Readers of
// a toolstack's listing (toolstack-xl-sh.ts) bring their own callbacks; the
// script embeds the programs (src/report/init-script.ts).

/**
 * A streaming JSON reader, exactly as strict as JSON.parse (RFC 8259): tokens
 * never span lines in yajl's output or our journal, so it reads line by line.
 * jline(s) feeds one line; the callbacks on_open(d), on_scalar(t, v) and
 * on_close(d) see containers and scalars with jd/jk/jkey (depth, kind,
 * current key); errors set jerr/jmsg (the caller decides whether that is fatal).
 * Strings are decoded to bytes (UTF-8 for \u escapes); jnul is set when one
 * held a NUL, which awk strings cannot hold (it becomes "?").
 */
export const JSON_FUNCTIONS = String.raw`
function jfail(msg) { if (!jerr) { jerr = 1; jmsg = msg } }
function jhex(c) { return index("0123456789abcdef", tolower(c)) - 1 }
function jutf8(cp) {
  if (cp < 128) return sprintf("%c", cp)
  if (cp < 2048) return sprintf("%c%c", 192 + int(cp / 64), 128 + cp % 64)
  if (cp < 65536) return sprintf("%c%c%c", 224 + int(cp / 4096), 128 + int(cp / 64) % 64, 128 + cp % 64)
  return sprintf("%c%c%c%c", 240 + int(cp / 262144), 128 + int(cp / 4096) % 64, 128 + int(cp / 64) % 64, 128 + cp % 64)
}
function ju4(s, i,    k, h, cp) {
  cp = 0
  for (k = 0; k < 4; k++) { h = jhex(substr(s, i + k, 1)); if (h < 0) return -1; cp = cp * 16 + h }
  return cp
}
function jreset() { jd = 0; jdone = 0; jerr = 0; jmsg = "" }
function jline(s,    n, i, c, v, e, cp, lo) {
  n = length(s); i = 1
  while (i <= n && !jerr) {
    c = substr(s, i, 1)
    if (c == " " || c == "\t" || c == "\r") { i++; continue }
    if (c == "{" || c == "[" || c == "}" || c == "]" || c == ":" || c == ",") { jtok(c, ""); i++; continue }
    if (c == jdq) {
      v = ""; i++
      while (1) {
        if (i > n) { jfail("a string runs past the end of its line"); return }
        if (match(substr(s, i), /^[^"\\\001-\037]+/)) { v = v substr(s, i, RLENGTH); i += RLENGTH; continue }
        c = substr(s, i, 1)
        if (c == jdq) break
        if (c != jbs) { jfail("a control character inside a string"); return }
        e = substr(s, i + 1, 1)
        if (e == jdq || e == jbs || e == "/") { v = v e; i += 2; continue }
        if (e == "b") { v = v "\b"; i += 2; continue }
        if (e == "f") { v = v "\f"; i += 2; continue }
        if (e == "n") { v = v "\n"; i += 2; continue }
        if (e == "r") { v = v "\r"; i += 2; continue }
        if (e == "t") { v = v "\t"; i += 2; continue }
        if (e != "u") { jfail("a bad escape in a string"); return }
        cp = ju4(s, i + 2)
        if (cp < 0) { jfail("a bad \\u escape in a string"); return }
        i += 6
        if (cp >= 55296 && cp < 56320 && substr(s, i, 2) == jbs "u") {
          lo = ju4(s, i + 2)
          if (lo >= 56320 && lo < 57344) { cp = 65536 + (cp - 55296) * 1024 + (lo - 56320); i += 6 }
        }
        if (cp == 0) { jnul = 1; v = v "?" } else v = v jutf8(cp)
      }
      i++
      jtok("s", v)
      continue
    }
    v = ""
    if (match(substr(s, i), /^[-+.0-9A-Za-z]+/)) { v = substr(s, i, RLENGTH); i += RLENGTH }
    else { jfail("unexpected character " c); return }
    if (v == "true" || v == "false" || v == "null") jtok("l", v)
    else if (v ~ /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/) jtok("n", v)
    else jfail("unexpected " v)
  }
}
function jtok(t, v,    st) {
  if (jerr) return
  if (jd == 0) {
    if (jdone) { jfail("more than one JSON value"); return }
    if (t == "{" || t == "[") { jopen(t); return }
    if (t == "s" || t == "n" || t == "l") { jdone = 1; on_scalar(t, v); return }
    jfail("unexpected " t); return
  }
  st = js[jd]
  if (st == ":") { if (t != ":") jfail("expected : after a key"); else js[jd] = "v"; return }
  if (st == ",") {
    if (t == ",") { js[jd] = (jk[jd] == "o") ? "k" : "v"; return }
    if ((t == "}" && jk[jd] == "o") || (t == "]" && jk[jd] == "a")) { jclose(); return }
    jfail("expected , or the end of the " (jk[jd] == "o" ? "object" : "array")); return
  }
  if (st == "k1" || st == "k") {
    if (t == "s") { jkey[jd] = v; js[jd] = ":"; return }
    if (t == "}" && st == "k1") { jclose(); return }
    jfail("expected a key"); return
  }
  if (t == "]" && st == "v1") { jclose(); return }
  if (t == "{" || t == "[") { js[jd] = ","; jopen(t); return }
  if (t == "s" || t == "n" || t == "l") { js[jd] = ","; on_scalar(t, v); return }
  jfail("expected a value")
}
function jopen(t) { jd++; jk[jd] = (t == "{") ? "o" : "a"; js[jd] = (t == "{") ? "k1" : "v1"; jkey[jd] = ""; on_open(jd) }
function jclose() { on_close(jd); jd--; if (jd == 0) jdone = 1 }
function jinit() { jdq = sprintf("%c", 34); jbs = sprintf("%c", 92); jreset() }
function jnonneg_int(t, v) { return t == "n" && v + 0 >= 0 && v + 0 == int(v + 0) }
`;

/**
 * The journal's restores a killed run left open, as the executor reads them
 * (src/exec/journal.ts unfinishedRestores): per JSON line, a restore's
 * step-start opens its image (the last argv word); a step-end or step-skip of
 * it, or any save to that path, closes it; lines JSON.parse would refuse are
 * skipped. Prints `image TAB 1 TAB domain` (or `image TAB 0 TAB` when the
 * domain is not a string); `-v cut=1` drops the first line (the tail of a
 * longer journal starts mid-line). Paths or names with a tab or newline are left out.
 */
const JOURNAL_PROGRAM = String.raw`
function on_open(d) { if (d == 1) top = jk[1]; else if (d == 2 && jkey[1] == "argv") { argv_arr = (jk[2] == "a"); argv_n = 0; argv_last = "" } }
function on_scalar(t, v) {
  if (jd == 1 && jk[1] == "o") {
    if (jkey[1] == "event") ev = (t == "s") ? v : ""
    else if (jkey[1] == "phase") ph = (t == "s") ? v : ""
    else if (jkey[1] == "domain") { hasdom = (t == "s"); dom = v }
    else if (jkey[1] == "argv") argv_arr = 0
  } else if (jd == 2 && jkey[1] == "argv" && argv_arr) { argv_n++; argv_last = v }
}
function on_close(d) { }
BEGIN { jinit() }
cut && NR == 1 { next }
index($0, "\"restore\"") || index($0, "\"save\"") {
  jreset(); top = ""; ev = ""; ph = ""; hasdom = 0; dom = ""; argv_arr = 0; argv_n = 0; argv_last = ""
  jline($0)
  if (jerr || !jdone || top != "o" || (ph != "restore" && ph != "save") || !argv_arr) next
  img = argv_n ? argv_last : "undefined"
  if (ph == "restore" && ev == "step-start") { if (!(img in open)) order[++n] = img; open[img] = 1; has[img] = hasdom; doms[img] = dom }
  else if (ev == "step-end" || ev == "step-skip" || ph == "save") delete open[img]
}
END {
  for (k = 1; k <= n; k++) {
    img = order[k]
    if (!(img in open) || seen[img]++) continue
    if (img ~ /[\t\n]/ || (has[img] && doms[img] ~ /[\t\n]/)) continue
    print img "\t" (has[img] ? 1 : 0) "\t" (has[img] ? doms[img] : "")
  }
}
`;

/** The awk reader of the journal's unfinished restores (toolstack-independent: the script embeds it whatever the toolstack). No single quote inside. */
export const JOURNAL_AWK = `${JSON_FUNCTIONS}${JOURNAL_PROGRAM}`;
