// The run-time half of the xm toolstack for the compiled init script: reading
// `xm list -l` (SXP) whole with a POSIX awk program, and a save image's header
// and domain name with dd/od/tail. Emitting the script is src/report/init-script.ts.

import type { ToolstackShell } from './types.js';

/**
 * The SXP reader's functions (sxp_init, sxp_line, sxp_end, fail), shared with the
 * xl toolstack's reader for xl's `output_format="sxp"`; `lsname` and `daemon`
 * name the listing and its daemon in messages. SXP_AWK below is the whole program.
 */
export const SXP_FUNCTIONS = String.raw`
function fail(msg) { print lsname " line " NR ": " msg > "/dev/stderr"; bad = 1; exit 2 }
function hexv(c) { return index("0123456789abcdef", tolower(c)) - 1 }
function atom(v, quoted) {
  if (depth == 0) fail("unexpected atom at top level")
  items[depth]++
  if (items[depth] == 1) { head[depth] = v; return }
  if (depth == 2 && head[1] == "domain" && items[2] == 2) {
    if (head[2] == "domid") { if (seen_id) fail("duplicate (domid ...) in one domain"); seen_id = 1; domid = v; domidq = quoted }
    else if (head[2] == "name") { if (seen_name) fail("duplicate (name ...) in one domain"); seen_name = 1; name = v }
  } else if (depth == 2 && head[1] == "domain" && (head[2] == "domid" || head[2] == "name")) fail("(" head[2] " ...) should hold exactly one atom")
}
function open_list() { depth++; items[depth] = 0; head[depth] = "" ; if (depth == 1) { seen_id = 0; seen_name = 0; domid = ""; name = ""; unsafe = 0 } }
function close_list() {
  if (depth == 0) fail("unbalanced )")
  if (depth == 1) {
    if (head[1] != "domain") fail("unexpected form (" head[1] " ...) at top level")
    forms++
    if (image) { if (seen_name && name != "") { print name; done = 1; exit 0 } fail("no (name ...) in the image config") }
    if (seen_id) {
      if (domidq || domid !~ /^[0-9]+$/) fail("domid " domid " is not a non-negative integer")
      if (!seen_name || name == "") fail("domain with id " domid " has no name")
      if ((domid + 0) in ids) fail("domain id " domid " is listed twice")
      if (name in names) fail("domain name " name " is listed twice")
      ids[domid + 0] = 1; names[name] = 1
      safe = (name !~ /\// && name !~ /^[-.]/ && !unsafe) ? 1 : 0
      shown = name; gsub(/[\001-\037\177]/, "?", shown)
      print (domid + 0) "\t" safe "\t" shown
    }
  }
  depth--
}
function sxp_init() { sq = sprintf("%c", 39); dq = sprintf("%c", 34); bs = sprintf("%c", 92); depth = 0; forms = 0; q = "" }
function sxp_line(s,    n, i, c, v, e, b) {
  n = length(s); i = 1
  if (q != "") fail("a quoted atom runs past the end of its line")
  while (i <= n) {
    c = substr(s, i, 1)
    if (c == " " || c == "\t" || c == "\r" || c == "\f" || c == "\v") { i++; continue }
    if (c == "(") { open_list(); i++; continue }
    if (c == ")") { close_list(); i++; continue }
    if (c == sq || c == dq) {
      q = c; v = ""; i++
      while (i <= n) {
        c = substr(s, i, 1)
        if (c == q) break
        if (c == bs && i < n) {
          e = substr(s, i + 1, 1)
          if (e == "n") { v = v "\n"; unsafe = 1 } else if (e == "t") { v = v "\t"; unsafe = 1 } else if (e == "r") { v = v "\r"; unsafe = 1 }
          else if (e == bs || e == sq || e == dq) v = v e
          else if (e == "x" && hexv(substr(s, i + 2, 1)) >= 0 && hexv(substr(s, i + 3, 1)) >= 0) {
            b = hexv(substr(s, i + 2, 1)) * 16 + hexv(substr(s, i + 3, 1)); if (b < 32 || b == 127) unsafe = 1
            v = v sprintf("%c", b); i += 2
          } else v = v bs e
          i += 2; continue
        }
        v = v c; i++
      }
      if (i > n) fail("a quoted atom runs past the end of its line")
      q = ""; i++; atom(v, 1); continue
    }
    if (c ~ /[\001-\037\177]/) fail("a control character where an atom should be")
    v = ""
    while (i <= n) { c = substr(s, i, 1); if (c ~ /[ \t\r\f\v()]/ || c == sq || c == dq) break; if (c ~ /[\001-\037\177]/) fail("a control character in an atom"); v = v c; i++ }
    atom(v, 0)
  }
}
function sxp_end() {
  if (bad) exit 2
  if (done) exit 0
  if (image) { print "no domain config in the image" > "/dev/stderr"; exit 2 }
  if (depth != 0) { print lsname ": the listing ends inside a form (cut short?)" > "/dev/stderr"; exit 2 }
  if (forms == 0) { print lsname ": no (domain ...) forms found; it always lists at least Domain-0 (was " daemon " running?)" > "/dev/stderr"; exit 2 }
}
`;

/**
 * SXP → one line per running domain: `domid TAB safe TAB name` (safe: 1 when the
 * name is a safe file name, see isSafeFileName). Whole or nothing: any damage
 * (unbalanced parentheses, a cut quote, a top-level atom or foreign form, a
 * duplicate field, id or name, no domain at all) prints one message and exits 2.
 * In `-v image=1` mode it reads a save image's config and prints its name only.
 * No single quote inside: the script embeds it in one.
 */
export const SXP_AWK = String.raw`${SXP_FUNCTIONS}
BEGIN { lsname = "xm list -l"; daemon = "xend"; sxp_init() }
{ sxp_line($0) }
END { sxp_end() }
`;

export const xmShell: ToolstackShell = {
  listCommand: 'list -l',
  listAwk: SXP_AWK,
  imageSignature: 'LinuxGuestRecord',
  // After the signature: a big-endian u32 length, then the domain config as SXP (the name comes early).
  imageNameShell: (file) =>
    `xd_len=$(od -An -tu1 -j16 -N4 ${file} 2>/dev/null | awk '{ n = 0; for (i = 1; i <= NF; i++) n = n * 256 + $i; if (NF == 4) print n }')\n` +
    `  case $xd_len in ''|0) return 1 ;; esac\n` +
    `  [ "$xd_len" -gt 65536 ] && xd_len=65536\n` +
    `  dd if=${file} bs=$((xd_len + 20)) count=1 2>/dev/null | tail -c +21 | tr '\\000\\n' '  ' | awk -v image=1 "$XD_LIST_AWK"`,
};
