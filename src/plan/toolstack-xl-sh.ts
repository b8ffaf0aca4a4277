// The run-time half of the xl toolstack for the compiled init script: reading
// `xl list -l` whole (yajl JSON, or SXP with xl.conf's output_format="sxp") with
// a POSIX awk program that holds it to what the executor accepts, and an xl save
// image's header and stored name. The JSON reader itself is json-awk.ts; emitting
// the script is src/report/init-script.ts.

import { Buffer } from 'node:buffer';
import { XL_MAGIC } from '../model/host-state.js';
import { JSON_FUNCTIONS } from './json-awk.js';
import { SXP_FUNCTIONS } from './toolstack-xm-sh.js';
import type { ToolstackShell } from './types.js';

/**
 * `xl list -l` → `domid TAB safe TAB name` lines, whole or nothing, held to what
 * the executor accepts (src/plan/state.ts: JSON.parse, then schema/state.schema.json's
 * xlList: an array of {domid: integer ≥ 0, config: {c_info: {name: non-empty string}}},
 * b_info's memory sizes integers; no id or name twice). The xl script's own grep of
 * the layout (X5's nested names) is not reproduced: the executor reads structure.
 * Not JSON (the first non-blank character is neither `[` nor `{`): xl's SXP, read
 * as the xm reader reads it. In `-v image=1` mode it reads the JSON config of a save
 * image (up to the first \036, where the script put its NUL) and prints c_info.name.
 */
const XL_LIST_PROGRAM = String.raw`
function on_open(d) {
  if (image) {
    if (d == 2 && jkey[1] == "c_info") inci = 1
    return
  }
  if (d == 1 && jk[1] != "a") { jfail("not the array of domains xl list -l prints"); return }
  if (d == 2) {
    if (jk[2] != "o") { jfail("element " (elems + 1) " is not an object"); return }
    elems++; has_id = 0; has_cfg = 0; has_ci = 0; has_nm = 0; name = ""; jnul = 0
  } else if (d == 3 && jkey[2] == "config") {
    if (jk[3] != "o") { jfail("config of element " elems " is not an object"); return }
    has_cfg = 1; has_ci = 0; has_nm = 0; incfg = 1
  } else if (d == 3 && jkey[2] == "domid") jfail("domid of element " elems " is not an integer")
  else if (d == 4 && incfg && (jkey[3] == "c_info" || jkey[3] == "b_info")) {
    if (jk[4] != "o") { jfail(jkey[3] " of element " elems " is not an object"); return }
    if (jkey[3] == "c_info") { has_ci = 1; has_nm = 0; inci = 1 } else inbi = 1
  } else if (d == 5 && inci && jkey[4] == "name") jfail("c_info.name of element " elems " is not a string")
  else if (d == 5 && inbi && (jkey[4] == "target_memkb" || jkey[4] == "max_memkb")) jfail("b_info." jkey[4] " of element " elems " is not an integer")
}
function on_scalar(t, v) {
  if (image) {
    if (jd == 2 && inci && jkey[2] == "name") { if (t == "s") { iname = v; inul = jnul } else iname = "" }
    return
  }
  if (jd == 0) { jfail("not the array of domains xl list -l prints"); return }
  if (jd == 1) { jfail("element " (elems + 1) " is not an object"); return }
  if (jd == 2) {
    if (jkey[2] == "domid") { if (!jnonneg_int(t, v)) { jfail("domid of element " elems " is not an integer >= 0"); return } has_id = 1; id = v + 0 }
    else if (jkey[2] == "config") jfail("config of element " elems " is not an object")
  } else if (jd == 3 && incfg && (jkey[3] == "c_info" || jkey[3] == "b_info")) jfail(jkey[3] " of element " elems " is not an object")
  else if (jd == 4 && inci && jkey[4] == "name") {
    if (t != "s" || v == "") { jfail("c_info.name of element " elems " is not a non-empty string"); return }
    has_nm = 1; name = v; nul = jnul; jnul = 0
  } else if (jd == 4 && inbi && (jkey[4] == "target_memkb" || jkey[4] == "max_memkb") && !jnonneg_int(t, v)) jfail("b_info." jkey[4] " of element " elems " is not an integer >= 0")
}
function on_close(d) {
  if (image) { if (d == 2) inci = 0; return }
  if (d == 3) incfg = 0
  else if (d == 4) { inci = 0; inbi = 0 }
  else if (d == 2) {
    if (!has_id) { jfail("element " elems " has no domid"); return }
    if (!has_cfg || !has_ci || !has_nm) { jfail("domain " id " has no config.c_info.name"); return }
    if (id in ids) { jfail("domain id " id " is listed twice"); return }
    if (name in names) { jfail("domain name " name " is listed twice"); return }
    ids[id] = 1; names[name] = 1
    safe = (name !~ /\// && name !~ /^[-.]/ && name !~ /[\001-\037\177]/ && !nul) ? 1 : 0
    shown = name; gsub(/[\001-\037\177]/, "?", shown)
    out[++nout] = id "\t" safe "\t" shown
  }
}
BEGIN { lsname = "xl list -l"; daemon = "xenstored"; sxp_init(); jinit(); rs = sprintf("%c", 30); if (image) mode = "json" }
image { if (!stop) { p = index($0, rs); if (p) { jline(substr($0, 1, p - 1)); stop = 1 } else jline($0) } next }
mode == "" { if (match($0, /[^ \t\r\f\v]/)) mode = (substr($0, RSTART, 1) ~ /[[{]/) ? "json" : "sxp" }
mode == "json" { jline($0); if (jerr) fail(jmsg) }
mode == "sxp" { sxp_line($0) }
END {
  if (bad) exit 2
  if (image) { if (!jerr && jdone && iname != "" && !inul) { print iname; exit 0 } exit 2 }
  if (mode == "sxp") sxp_end()
  if (mode == "") { print lsname ": printed nothing" > "/dev/stderr"; exit 2 }
  if (mode == "json") {
    if (!jdone) { print lsname ": the listing ends inside the JSON (cut short?)" > "/dev/stderr"; exit 2 }
    for (k = 1; k <= nout; k++) print out[k]
  }
}
`;

/** The awk reader of `xl list -l` (and of an image's stored config with -v image=1). No single quote inside. */
export const XL_LIST_AWK = `${SXP_FUNCTIONS}${JSON_FUNCTIONS}${XL_LIST_PROGRAM}`;

const MAGIC_BYTES = [...Buffer.from(XL_MAGIC, 'latin1')].join(' ');

/** The 48-byte header `xl save` writes (spec xl-xendomains.md §10.5) as xlImageInfo reads it: the config length, or nothing when restore would refuse the image. */
const XL_HEADER_AWK = String.raw`{ for (i = 1; i <= NF; i++) b[n++] = $i }
END {
  if (n < 52) exit 1
  m = split("${MAGIC_BYTES}", mg, " ")
  for (i = 1; i <= m; i++) if (b[i - 1] != mg[i]) exit 1
  if (b[32] == 4 && b[33] == 3 && b[34] == 2 && b[35] == 1) le = 1
  else if (b[32] == 1 && b[33] == 2 && b[34] == 3 && b[35] == 4) le = 0
  else exit 1
  for (o = 36; o <= 48; o += 4) u[o] = le ? ((b[o + 3] * 256 + b[o + 2]) * 256 + b[o + 1]) * 256 + b[o] : ((b[o] * 256 + b[o + 1]) * 256 + b[o + 2]) * 256 + b[o + 3]
  if (u[36] > 3 || u[44] < 4 || u[48] == 0 || u[48] > 16777216 || u[36] % 2 == 0) exit 1
  print u[48]
}`;

export const xlShell: ToolstackShell = {
  listCommand: 'list -l',
  listAwk: XL_LIST_AWK,
  imageSignature: 'Xen saved domain',
  // The config follows the 52 bytes of header and length; the host reads the first 64 KiB of an image, as the executor's scan.
  imageNameShell: (file) =>
    `xd_len=$(od -An -tu1 -N52 ${file} 2>/dev/null | awk '${XL_HEADER_AWK}') || return 1\n` +
    `  case $xd_len in ''|0) return 1 ;; esac\n` +
    `  [ "$xd_len" -gt 65484 ] && xd_len=65484\n` +
    `  dd if=${file} bs=$((xd_len + 52)) count=1 2>/dev/null | tail -c +53 | tr '\\000' '\\036' | awk -v image=1 "$XD_LIST_AWK"`,
};
