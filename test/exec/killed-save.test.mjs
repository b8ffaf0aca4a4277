// A save the watchdog killed, against the fake host: killing `xm save` does not
// stop xend, which may finish the image after the kill (then it must end where
// restore finds it, not in quarantine), and a domain that vanishes during our save
// may have been taken by an earlier stop's shutdown still under way (then the
// image is partial: quarantined, not left for restore). Issue #11, fault seeds
// 558, 665, 806, 950 (two concurrent stops).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execute } from '../../dist/src/exec/executor.js';
import { Journal } from '../../dist/src/exec/journal.js';
import { fakeHost, makePlan, stopChain, wellBehaved } from './fake-host.mjs';

const SAVE = '/var/lib/xen/save';
const JOURNAL = '/var/log/xendomains/journal.jsonl';
const QUARANTINED = `${SAVE}/partial@xendomains/web.partial-20240501T120002Z`;
const web = () => [{ id: 3, name: 'web' }];

/** A save the watchdog kills after it wrote part of the image; `shutdown(h)` answers our fallback shutdown. */
function killedSave(shutdown) {
  return wellBehaved((argv, h) => {
    if (argv[1] === 'save') return { hang: true, effect: () => h.files.set(argv[3], 'LinuxGuestRecord…') };
    if (argv[1] === 'shutdown') return shutdown(h);
    return undefined;
  });
}

/** xend goes on writing into the file we moved aside (the same inode), then destroys the domain. */
const xendFinishes = (h) => (h.files.set(QUARANTINED, 'LinuxGuestRecord…complete'), h.drop(3));

test('xend finishes a killed save before our fallback shutdown: the domain is gone and the shutdown fails, so the image goes back to SAVE', async () => {
  const host = fakeHost({ domains: web(), behave: killedSave((h) => ({ code: 1, stderr: 'Error: Domain does not exist\n', effect: () => h.drop(3) })) });
  // xend had written everything when we looked (the domain still listed), and destroyed the domain just after.
  const r = await execute(makePlan('stop', [stopChain('web', 3, { save: SAVE })]), { host, journal: new Journal(host, JOURNAL, () => {}) });
  assert.is(host.files.get(`${SAVE}/web`), 'LinuxGuestRecord…', 'back where restore finds it');
  assert.is(host.files.has(QUARANTINED), false);
  assert.equal(r.quarantined, [], 'no longer reported as quarantined');
  assert.ok(r.warnings.some((w) => /web is gone and nothing else took the domain, so xend finished the save after the kill: its image .* was moved back to .*\/save\/web/.test(w)), r.warnings.join('\n'));
  assert.ok(host.journal.some((e) => e.event === 'unquarantine' && e.from === QUARANTINED && e.image === `${SAVE}/web`));
});

test('xend keeps writing after the kill and then destroys the domain while our shutdown waits: the image grew, so it goes back to SAVE', async () => {
  const host = fakeHost({ domains: web(), behave: killedSave((h) => ({ effect: () => xendFinishes(h) })) });
  const r = await execute(makePlan('stop', [stopChain('web', 3, { save: SAVE })]), { host, journal: new Journal(host, JOURNAL, () => {}) });
  assert.is(host.files.get(`${SAVE}/web`), 'LinuxGuestRecord…complete');
  assert.is(host.files.has(QUARANTINED), false);
  assert.equal(r.quarantined, []);
  assert.ok(r.warnings.some((w) => /its image grew after the watchdog killed xm save/.test(w)), r.warnings.join('\n'));
});

test('a killed save that stopped writing, then our shutdown took the domain: the partial image stays quarantined', async () => {
  const host = fakeHost({ domains: web(), behave: killedSave((h) => ({ effect: () => h.drop(3) })) });
  const r = await execute(makePlan('stop', [stopChain('web', 3, { save: SAVE })]), { host, journal: new Journal(host, JOURNAL, () => {}) });
  assert.is(host.files.has(`${SAVE}/web`), false);
  assert.is(host.files.get(QUARANTINED), 'LinuxGuestRecord…');
  assert.equal(r.quarantined.map((q) => q.to), [QUARANTINED]);
});

test('a killed save whose fallback shutdown was killed too: the guest may have shut down, so the image stays quarantined', async () => {
  const host = fakeHost({ domains: web(), behave: killedSave((h) => ({ hang: true, effect: () => h.drop(3) })) });
  const r = await execute(makePlan('stop', [stopChain('web', 3, { save: SAVE })]), { host, journal: new Journal(host, JOURNAL, () => {}) });
  assert.is(host.files.has(`${SAVE}/web`), false);
  assert.equal(r.quarantined.map((q) => q.to), [QUARANTINED]);
});

test('the image goes back only to a free name: a file at SAVE/NAME is never overwritten, and the problem is loud', async () => {
  const host = fakeHost({
    domains: web(),
    behave: killedSave((h) => ({ code: 1, effect: () => (h.files.set(`${SAVE}/web`, 'someone else'), xendFinishes(h)) })),
  });
  const r = await execute(makePlan('stop', [stopChain('web', 3, { save: SAVE })]), { host, journal: new Journal(host, JOURNAL, () => {}) });
  assert.is(host.files.get(`${SAVE}/web`), 'someone else');
  assert.is(host.files.get(QUARANTINED), 'LinuxGuestRecord…complete');
  assert.ok(r.problems.some((p) => /is its complete image, but .*\/save\/web is taken; move it there by hand/.test(p)), r.problems.join('\n'));
});

/** An earlier run (this boot unless said otherwise) whose shutdown of web (domid 3) its watchdog killed. */
function earlierStop({ boot = 'boot-1', ended = { ok: false, timedOut: true, aborted: false } } = {}) {
  const run = '2024-05-01T11:59:00.000Z/1111';
  const lines = [
    { v: 1, run, event: 'run-start', verb: 'stop', boot },
    { v: 1, run, event: 'step-start', step: 2, phase: 'shutdown', domain: 'web', domid: 3, argv: ['xm', 'shutdown', '3'] },
    ...(ended ? [{ v: 1, run, event: 'step-end', step: 2, phase: 'shutdown', domain: 'web', ...ended }] : []),
  ];
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

/** Our save is killed; meanwhile the guest goes away (the earlier shutdown request, if any, or xend's save). */
const vanishesDuringSave = () =>
  wellBehaved((argv, h) => (argv[1] === 'save' ? { hang: true, effect: () => (h.files.set(argv[3], 'LinuxGuestRecord…'), h.drop(3)) } : undefined));

test("a domain an earlier stop's killed shutdown was still taking vanishes during our killed save: its image is partial, quarantined", async () => {
  const host = fakeHost({ domains: web(), files: { [JOURNAL]: earlierStop() }, behave: vanishesDuringSave() });
  const r = await execute(makePlan('stop', [stopChain('web', 3, { save: SAVE })]), { host, journal: new Journal(host, JOURNAL, () => {}) });
  assert.is(host.files.has(`${SAVE}/web`), false, 'restore would fail on it at the next boot');
  assert.is(host.files.get(QUARANTINED), 'LinuxGuestRecord…');
  assert.match(r.quarantined[0].message, /its partial image was moved to .*web\.partial-.*; web is gone, but an earlier stop's shutdown or migrate of it was still under way/);
});

test('an earlier run that was killed mid-shutdown (no step-end) counts as under way too', async () => {
  const host = fakeHost({ domains: web(), files: { [JOURNAL]: earlierStop({ ended: null }) }, behave: vanishesDuringSave() });
  await execute(makePlan('stop', [stopChain('web', 3, { save: SAVE })]), { host, journal: new Journal(host, JOURNAL, () => {}) });
  assert.is(host.files.has(`${SAVE}/web`), false);
  assert.is(host.files.get(QUARANTINED), 'LinuxGuestRecord…');
});

for (const [what, journal] of [
  ['an earlier shutdown that xm ended by itself (it failed: nothing under way)', earlierStop({ ended: { ok: false, timedOut: false, aborted: false } })],
  ['a killed shutdown of another boot (domids repeat across boots)', earlierStop({ boot: 'boot-0' })],
  ['no journal', undefined],
]) {
  test(`${what}: a domain gone after our killed save was taken by the save, so its image stays for restore`, async () => {
    const host = fakeHost({ domains: web(), files: journal ? { [JOURNAL]: journal } : {}, behave: vanishesDuringSave() });
    const r = await execute(makePlan('stop', [stopChain('web', 3, { save: SAVE })]), { host, journal: new Journal(host, JOURNAL, () => {}) });
    assert.is(host.files.get(`${SAVE}/web`), 'LinuxGuestRecord…');
    assert.equal(r.quarantined, []);
  });
}

test('the journal records the boot of every run, so the next run can tell which requests may still be under way', async () => {
  const host = fakeHost({ domains: web(), behave: wellBehaved() });
  await execute(makePlan('stop', [stopChain('web', 3, { save: SAVE })]), { host, journal: new Journal(host, JOURNAL, () => {}) });
  assert.is(host.journal.find((e) => e.event === 'run-start').boot, 'boot-1');
});

test.run();
