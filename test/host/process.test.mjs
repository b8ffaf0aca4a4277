// The process runner and the timers under it (issue #11 items 1 and 2): stdout
// kept whole is never cut (past the limit the command is stopped and the caller
// told), messages keep their end, and timers honour delays past Node's 2^31-1 ms.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCommand } from '../../dist/src/host/process.js';
import { MAX_TIMER_MS, setLongTimeout, sleepFor } from '../../dist/src/host/timers.js';

const printBytes = (n) => ['/bin/sh', '-c', `head -c ${n} /dev/zero | tr '\\0' x`];

test('wholeStdout: 5 MiB of output is returned whole', async () => {
  const r = await runCommand(printBytes(5 << 20), { wholeStdout: true });
  assert.is(r.code, 0);
  assert.is(r.stdout.length, 5 << 20);
  assert.is(r.overflowed, undefined);
});

test('wholeStdout: past the limit the command is killed and overflowed is set (no partial text)', async () => {
  const r = await runCommand(['/bin/sh', '-c', 'yes'], { wholeStdout: true, wholeLimitBytes: 1 << 16, killGraceMs: 1000 });
  assert.is(r.overflowed, true);
  assert.is(r.stdout, '');
  assert.ok(r.code !== 0);
});

test('messages: only the last tailBytes of a stream are kept', async () => {
  const r = await runCommand(['/bin/sh', '-c', `head -c 300000 /dev/zero | tr '\\0' a; printf END`], { tailBytes: 1000 });
  assert.is(r.stdout.length, 1000);
  assert.ok(r.stdout.endsWith('aaaEND'));
});

test('a watchdog past 2^31-1 ms does not fire early (no TimeoutOverflowWarning)', async () => {
  const warnings = [];
  const onWarning = (w) => warnings.push(w.name);
  process.on('warning', onWarning);
  const r = await runCommand(['/bin/sh', '-c', 'sleep 0.3; echo done'], { timeoutMs: 2_147_484 * 1000 });
  const forever = await runCommand(['/bin/sh', '-c', 'sleep 0.3; echo done'], { timeoutMs: 1e300 });
  process.off('warning', onWarning);
  for (const x of [r, forever]) {
    assert.is(x.timedOut, false);
    assert.is(x.code, 0);
    assert.is(x.stdout, 'done\n');
  }
  assert.equal(warnings, []);
});

test('setLongTimeout chains pieces of at most 2^31-1 ms; cancel stops it', async () => {
  const real = globalThis.setTimeout;
  const asked = [];
  let fired = 0;
  // Pieces run at once: this test checks the chaining, not the clock.
  globalThis.setTimeout = (fn, ms) => {
    asked.push(ms);
    return real(fn, 0);
  };
  try {
    await new Promise((resolve) => setLongTimeout(() => (fired++, resolve()), 2 * MAX_TIMER_MS + 5));
    assert.equal(asked, [MAX_TIMER_MS, MAX_TIMER_MS, 5]);
    assert.is(fired, 1);
    asked.length = 0;
    const t = setLongTimeout(() => fired++, Number.MAX_SAFE_INTEGER * 10);
    await new Promise((r) => real(r, 20));
    t.cancel();
    assert.is(fired, 1, 'an uncountable delay never fires');
    assert.ok(asked.length >= 1 && asked.every((ms) => ms === MAX_TIMER_MS));
  } finally {
    globalThis.setTimeout = real;
  }
});

test('sleepFor: an abort ends a sleep of any length', async () => {
  const ac = new AbortController();
  const slept = sleepFor(3e12, ac.signal);
  ac.abort();
  await slept;
  await sleepFor(0);
});

test.run();
