// The real libxlutil (Debian's libxen-dev) as a test oracle: compiles
// test/xlcfg/xlu-harness.c once per process into a temp dir, then reads files
// (xlu_cfg_readfile + get_string/get_long/get_list per key), disk specs
// (xlu_disk_parse) PCI specs (xlu_pci_parse_spec_string) and rdm strings (xlu_rdm_parse) in batches. Reusable by any test; see docs/architecture.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as assert from 'uvu/assert';
import { have, haveFiles } from '../tools.mjs';

const SOURCE = fileURLToPath(new URL('./xlu-harness.c', import.meta.url));
const HEADER = '/usr/include/libxlutil.h';

/** Why the library cannot be used here, or undefined when it can. */
export function libxluMissing() {
  if (!have('cc')) return 'cc not found (apt-get install gcc)';
  if (!haveFiles(HEADER)) return `${HEADER} not found (apt-get install libxen-dev)`;
  return undefined;
}

export function libxluAvailable() {
  return libxluMissing() === undefined && harness() !== undefined;
}

let built;
let buildError;
let dir;

/** The compiled harness binary (built on first use), or undefined with buildError set. */
function harness() {
  if (built || buildError) return built;
  dir = mkdtempSync(join(tmpdir(), 'xd-xlu-'));
  const bin = join(dir, 'xlu-harness');
  const r = spawnSync('cc', ['-O1', '-o', bin, SOURCE, '-lxlutil', '-lxenlight'], { encoding: 'utf8' });
  if (r.status !== 0) {
    buildError = `cc failed: ${r.stderr}`;
    return undefined;
  }
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  built = bin;
  return built;
}

/** A string from the harness's JSON (bytes as \u00XX) back to the UTF-8 text it encodes. */
function bytesToText(s) {
  return s === null ? null : Buffer.from(s, 'latin1').toString('utf8');
}

function decodeValue(v) {
  if (v === null) return null;
  if (Array.isArray(v)) return v.map(decodeValue);
  return bytesToText(v);
}

function run(lines) {
  const bin = harness();
  if (!bin) throw new Error(buildError ?? 'libxlutil harness unavailable');
  const r = spawnSync(bin, [], { input: lines.join(''), encoding: 'latin1', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`harness exited with ${r.status ?? r.signal}: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

function decodeFile(o) {
  const keys = {};
  for (const [k, v] of Object.entries(o.keys)) {
    keys[k] = {};
    for (const reader of ['string', 'long', 'list']) {
      const x = v[reader];
      keys[k][reader] = { rc: x.rc, value: reader === 'long' ? x.value : decodeValue(x.value), report: bytesToText(x.report) };
    }
  }
  return { rc: o.rc, report: bytesToText(o.report), keys };
}

/**
 * Reads each file with libxlutil: [{ path, src?, keys }] → [{ rc, report, keys: { key: { string, long, list } } }].
 * `src` is the name xl prints in messages (default: the path). Each reader gives { rc, value, report }:
 * rc 0 = value read, 3 (ESRCH) = absent, 22 (EINVAL) / 34 (ERANGE) = the warning in report.
 */
export function readManyWithLibxlu(requests) {
  const lines = requests.map(({ path, src, keys }) => `F\t${path}\t${src ?? path}\t${keys.join(',')}\n`);
  return run(lines).map(decodeFile);
}

export function readWithLibxlu(file, keys, src) {
  return readManyWithLibxlu([{ path: file, src, keys }])[0];
}

/** Parses disk spec strings with xlu_disk_parse: → [{ rc, report, target, vdev, script, backend, format, backendtype, readwrite, cdrom, removable }]. */
export function parseDisksWithLibxlu(specs) {
  const lines = specs.map((s) => `D\t${Buffer.from(s, 'utf8').toString('hex')}\n`);
  return run(lines).map((o) => ({ ...o, report: bytesToText(o.report), target: bytesToText(o.target), vdev: bytesToText(o.vdev), script: bytesToText(o.script), backend: bytesToText(o.backend) }));
}

/** Parses PCI_SPEC_STRINGs with xlu_pci_parse_spec_string: → [{ rc, report, domain, bus, dev, func, vdevfn, vfunc_mask, permissive, msitranslate, seize, power_mgmt, rdm_policy, name }]. */
export function parsePcisWithLibxlu(specs) {
  const lines = specs.map((s) => `P\t${Buffer.from(s, 'utf8').toString('hex')}\n`);
  return run(lines).map((o) => ({ ...o, report: bytesToText(o.report), name: bytesToText(o.name) }));
}

/** Parses `rdm` strings with xlu_rdm_parse: → [{ rc, report, strategy, policy }]. */
export function parseRdmsWithLibxlu(specs) {
  const lines = specs.map((s) => `R\t${Buffer.from(s, 'utf8').toString('hex')}\n`);
  return run(lines).map((o) => ({ ...o, report: bytesToText(o.report) }));
}

/** Reads text with libxlutil by writing it to a temp file first. */
export function readTextsWithLibxlu(items) {
  const tmp = mkdtempSync(join(tmpdir(), 'xd-xlu-in-'));
  try {
    const requests = items.map(({ text, keys, src }, i) => {
      const path = join(tmp, `c${i}.cfg`);
      writeFileSync(path, typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
      return { path, src: src ?? 'f.cfg', keys };
    });
    return readManyWithLibxlu(requests);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Asserts ours(item) deep-equals theirs[i] for every item; the message shows the first differences with their inputs. */
export function assertAgree(items, ours, theirs, label) {
  const diffs = [];
  items.forEach((item, i) => {
    const mine = ours(item);
    try {
      assert.equal(mine, theirs[i]);
    } catch {
      diffs.push(`${label} ${JSON.stringify(item)}\n  ours: ${JSON.stringify(mine)}\n  xl:   ${JSON.stringify(theirs[i])}`);
    }
  });
  assert.is(diffs.length, 0, `${diffs.length} of ${items.length} differ:\n${diffs.slice(0, 6).join('\n')}`);
}
