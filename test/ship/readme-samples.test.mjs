// The sample outputs in the README and docs/ are real: every `$ npx xendomains show …`
// line in a ```sh block is run from the checkout (an optional `| head -N` applied) and
// its output must be the lines that follow it, up to the next `$ ` line or the block's end.
// The tour's comments on what the demo leaves in SAVE and what status says are checked too.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, cli } from '../helpers.mjs';

const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Every `$ npx xendomains show …` sample: the file, the arguments, the head count, the printed lines. */
function samples() {
  const out = [];
  for (const file of DOCS) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
      const lines = block[1].replace(/\n$/, '').split('\n');
      lines.forEach((line, i) => {
        const m = /^\$ npx xendomains (show(?: [^|]*)?)(?:\| head -(\d+))?$/.exec(line);
        if (!m) return;
        const end = lines.findIndex((l, j) => j > i && l.startsWith('$ '));
        out.push({ file, args: m[1].trim().split(/\s+/), head: m[2] ? Number(m[2]) : undefined, expected: lines.slice(i + 1, end === -1 ? lines.length : end) });
      });
    }
  }
  return out;
}

test('every `show` sample in the README and docs/ is what show prints', () => {
  const found = samples();
  assert.ok(found.length >= 2, `found ${found.length} show samples`);
  for (const s of found) {
    const r = cli(s.args);
    assert.is(r.code, 0, `${s.file}: ${s.args.join(' ')}: ${r.stderr}`);
    const lines = r.stdout.replace(/\n$/, '').split('\n');
    assert.equal(s.expected, s.head === undefined ? lines : lines.slice(0, s.head), `${s.file}: xendomains ${s.args.join(' ')}`);
  }
});

test("the tour's step 4 leaves in SAVE and reports in status what its comments say", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const listed = /^ls \/tmp\/xendomains-demo\/save +# ([^:]+):/m.exec(readme);
  const status = /^npx xendomains status \$D +# ([a-z ]+) \(exit (\d)\): (\d+) of (\d+) AUTO domains; build's partial image is listed\n +# apart as quarantined/m.exec(readme);
  assert.ok(listed && status, 'the tour has its ls and status comments');
  // The tour's commands, in a directory of this test's own instead of /tmp/xendomains-demo.
  const demo = mkdtempSync(join(tmpdir(), 'xd-tour-'));
  try {
    cpSync(join(ROOT, 'examples/sim/state.json'), join(demo, 'state.json'));
    cpSync(join(ROOT, 'examples/etc/xen/auto'), join(demo, 'auto'), { recursive: true });
    writeFileSync(join(demo, 'xendomains'), readFileSync(join(ROOT, 'examples/sim/xendomains'), 'utf8').replaceAll('/tmp/xendomains-demo', demo));
    const env = { XM_SIM_STATE: join(demo, 'state.json'), XM_SIM_LOG: join(demo, 'xm.log') };
    const D = ['-c', join(demo, 'xendomains'), '--xm', 'test/sim/xm', '--lock-file', join(demo, 'lock')];
    const journal = ['--journal', join(demo, 'journal.jsonl')];
    assert.is(cli(['plan', 'stop', ...D, '--out', join(demo, 'stop.json')], { env }).code, 0);
    const applied = cli(['apply', join(demo, 'stop.json'), ...D, ...journal], { env });
    assert.is(applied.code, 0, applied.stderr);
    assert.equal(readdirSync(join(demo, 'save')).sort(), listed[1].trim().split(/\s+/), 'ls save');
    assert.is(cli(['start', ...D, ...journal], { env }).code, 0);
    const st = cli(['status', ...D], { env });
    assert.is(st.code, Number(status[2]), st.stdout);
    assert.ok(st.stdout.startsWith(`xendomains: ${status[1]}: ${status[3]} of ${status[4]} AUTO domains running\n`), st.stdout);
    assert.match(st.stdout, /\nquarantined by xendomains in .*partial@xendomains .*\n {2}build\.partial-/);
  } finally {
    rmSync(demo, { recursive: true, force: true });
  }
});

test.run();
