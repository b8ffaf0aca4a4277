// Each rule's bad and good examples through the real CLI, in every output
// format: a bad example shows the rule's code in each format, a good one does not.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, chownSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../../dist/rules/index.js';
import { cliAsync, tmpHost, cleanup, SAMPLE_SYSCONFIG } from '../helpers.mjs';

const sample = readFileSync(SAMPLE_SYSCONFIG, 'utf8');

/** How each format names a finding's rule. */
const mentions = {
  stylish: (out, r) => out.includes(`${r.code}/${r.name}`),
  gcc: (out, r) => out.includes(`[${r.code}/${r.name}]`),
  json: (out, r) => JSON.parse(out).diagnostics.some((d) => d.code === r.code && d.name === r.name),
  sarif: (out, r) => JSON.parse(out).runs[0].results.some((x) => x.ruleId === r.code),
  github: (out, r) => new RegExp(`^::(error|warning|notice) .*title=${r.code}`, 'm').test(out),
  checkstyle: (out, r) => out.includes(`source="xendomains.${r.code}"`),
};

function fleetFor(example) {
  const files = {};
  for (const h of example.hosts) {
    files[`${h.name}/etc/sysconfig/xendomains`] = h.sysconfig;
    for (const a of h.auto ?? []) files[`${h.name}/etc/xen/auto/${a.file}`] = a.text;
  }
  files['fleet.json'] = JSON.stringify({ hosts: example.hosts.map((h) => ({ name: h.name, root: h.name, aliases: h.aliases ?? [], ...(h.capacityMiB === undefined ? {} : { capacityMiB: h.capacityMiB }) })) });
  const root = tmpHost(files);
  return ['--fleet', `${root}/fleet.json`];
}

/** The lint arguments that point at the example's host (or fleet). */
function targetFor(example, rule) {
  if (example.unreadable !== undefined) {
    // An unreadable file: a FILES argument that is not there (root reads through any permission bits).
    const root = tmpHost({ 'etc/sysconfig/xendomains': example.sysconfig ?? sample });
    return ['--root', root, join(root, 'missing', example.file ?? 'example.cfg')];
  }
  return example.kind === 'fleet' ? fleetFor(example) : ['--root', hostFor(example, example.dialect ?? rule.dialect)];
}

/** Formats that print a whole document even when a file cannot be read (XD9003); the others say so on stderr only. */
const DOCUMENT_FORMATS = new Set(['json', 'sarif', 'github', 'checkstyle']);

/** An xl rule's examples live on an xl host: an `xl` binary in the tree makes `--toolstack auto` pick xl. */
function hostFor(example, dialect) {
  const files = { 'etc/sysconfig/xendomains': example.kind === 'sysconfig' ? example.text : (example.sysconfig ?? sample) };
  if (dialect === 'xl') files['usr/sbin/xl'] = '';
  if (example.kind === 'domain') {
    files[`etc/xen/auto/${example.file ?? 'example.cfg'}`] = example.text;
    for (const o of example.others ?? []) files[`etc/xen/auto/${o.file}`] = o.text;
  }
  // Save-dir examples assume XENDOMAINS_SAVE=/var/lib/xen/save: files with content, directories without;
  // owners and modes (XD4012) as the example gives them, else root's 0600 files in a 0755 directory.
  for (const e of example.saveDir ?? []) if (e.content !== undefined) files[`var/lib/xen/save/${e.name}`] = e.content;
  const root = tmpHost(files);
  const save = join(root, 'var/lib/xen/save');
  if (example.saveDir || example.saveDirOwner) mkdirSync(save, { recursive: true });
  for (const e of example.saveDir ?? []) {
    const path = join(save, e.name);
    if (e.content === undefined) mkdirSync(path, { recursive: true });
    if (e.symlink) {
      const target = join(root, `target-of-${e.name}`);
      if (e.content === undefined) mkdirSync(target);
      else writeFileSync(target, e.content);
      rmSync(path, { recursive: true, force: true });
      symlinkSync(target, path);
      continue;
    }
    chmodSync(path, e.mode ?? (e.content === undefined ? 0o755 : 0o600));
    if (e.uid !== undefined && ROOT) chownSync(path, e.uid, e.uid);
  }
  if (example.saveDir || example.saveDirOwner) {
    chmodSync(save, example.saveDirOwner?.mode ?? 0o755);
    if (ROOT) chownSync(save, example.saveDirOwner?.uid ?? 0, example.saveDirOwner?.uid ?? 0);
  }
  return root;
}

async function pool(jobs, width = 4) {
  const results = [];
  const queue = jobs.map((job, i) => [job, i]);
  await Promise.all(Array.from({ length: width }, async () => {
    while (queue.length) {
      const [job, i] = queue.shift();
      results[i] = await job();
    }
  }));
  return results;
}

// Setting owners takes root; as another user every SAVE entry is that user's, which XD4012 rightly reports.
const ROOT = process.getuid?.() === 0;

for (const rule of rules) {
  if (rule.code === 'XD4012' && !ROOT) {
    test.skip(`${rule.code} ${rule.name}: examples through the CLI (needs root to set the owners)`, () => {});
    continue;
  }
  test(`${rule.code} ${rule.name}: examples through the CLI in every format`, async () => {
    // The first bad and the first good example in every format; the others in json (they are also run in-process).
    const cases = [...rule.docs.bad.map((e, i) => ({ e, bad: true, all: i === 0 })), ...rule.docs.good.map((e, i) => ({ e, bad: false, all: i === 0 }))];
    const jobs = [];
    for (const { e, bad, all } of cases) {
      const target = targetFor(e, rule);
      for (const format of all ? Object.keys(mentions) : ['json']) {
        jobs.push(async () => ({ bad, format, unreadable: e.unreadable !== undefined, root: target.join(' '), r: await cliAsync(['lint', ...target, ...(rule.target ? ['--target', rule.target] : []), '--format', format, '--severity', 'style']) }));
      }
    }
    for (const { bad, format, unreadable, root, r } of await pool(jobs)) {
      if (unreadable) {
        assert.is(r.code, 2, `${format}: an unreadable file exits 2`);
        assert.match(r.stderr, /cannot read .*missing/);
        assert.is(mentions[format](r.stdout, rule), DOCUMENT_FORMATS.has(format), `${format} ${root}\n${r.stdout}`);
        continue;
      }
      assert.ok(r.code === 0 || r.code === 1, `${format} exit ${r.code}: ${r.stderr}`);
      assert.is(r.stderr, '', `${format} writes nothing to stderr`);
      assert.is(mentions[format](r.stdout, rule), bad, `${format} ${bad ? 'reports' : 'does not report'} ${rule.code} for ${root}\n${r.stdout}`);
      if (bad && rule.severity !== 'info' && rule.severity !== 'style') assert.is(r.code, 1, `${format}: a ${rule.severity} fails lint`);
    }
  });
}

test.after(cleanup);
test.run();
