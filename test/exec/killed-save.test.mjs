// A save the watchdog killed, against the fake host: killing `xm save` does not
// stop xend, which may finish the image after the kill; then it must end where
// restore finds it, not in quarantine as "partial" (issue #11, fault seeds 558,
// 665, 806, 950: two concurrent stops). What cannot be told apart stays where
// nothing is lost: in SAVE, for restore to judge.
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
  assert.ok(r.warnings.some((w) => /web is gone and no later step of its chain took it, so xend finished the save after the kill: its image .* was moved back to .*\/save\/web/.test(w)), r.warnings.join('\n'));
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
  assert.is(host.lists, 1, 'one listing, after the save; settling this common case asks xm nothing more');
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

test('a domain that vanishes during a killed save leaves an image nobody can vouch for: it stays where restore judges it, and the warning says so', async () => {
  // Saved by xend just before the kill, or taken by something else (an earlier stop's shutdown still under way)
  // while xm wrote a partial image: the listing looks the same. Quarantined, a complete image would be lost;
  // kept, a partial one fails its restore at the next boot, which moves it aside and creates the domain from its config.
  const host = fakeHost({
    domains: web(),
    behave: wellBehaved((argv, h) => (argv[1] === 'save' ? { hang: true, effect: () => (h.files.set(argv[3], 'LinuxGuestRecord…'), h.drop(3)) } : undefined)),
  });
  const r = await execute(makePlan('stop', [stopChain('web', 3, { save: SAVE })]), { host, journal: new Journal(host, JOURNAL, () => {}) });
  assert.is(host.files.get(`${SAVE}/web`), 'LinuxGuestRecord…');
  assert.equal(r.quarantined, []);
  assert.ok(r.warnings.some((w) => /xm save of web did not report success, but the domain is gone: its image .*\/save\/web is kept for the next boot to restore/.test(w)), r.warnings.join('\n'));
});

test.run();
