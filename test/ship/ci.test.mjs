// The CI examples: the YAML files parse (python3 + PyYAML, else skipped), the GitHub and
// GitLab job scripts run against a config tree keep lint's exit code and produce valid
// SARIF / Code Quality JSON, and the pre-commit hook's entry lints the example host files.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CLI, ROOT, SAMPLE_SYSCONFIG, cleanup, tmpHost } from '../helpers.mjs';
import { have, testIf } from './tools.mjs';

const FILES = ['.pre-commit-hooks.yaml', 'contrib/ci/github-actions.yml', 'contrib/ci/gitlab-ci.yml'];
const pyyaml = have('python3') && spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0;
const withYaml = testIf(pyyaml, 'python3 with PyYAML not found (apt-get install python3-yaml): CI YAML files not checked');

function loadYaml(file) {
  const r = spawnSync('python3', ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1])), default=str))', join(ROOT, file)], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** A CI workspace: hosts/dom0-a (the examples, or a clean host) and `xendomains` on PATH. */
function workspace(clean = false) {
  const dir = tmpHost({ 'bin/xendomains': `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n` });
  chmodSync(join(dir, 'bin/xendomains'), 0o755);
  if (clean) {
    cpSync(SAMPLE_SYSCONFIG, join(dir, 'hosts/dom0-a/etc/sysconfig/xendomains'));
  } else {
    // examples/xl is another host (an xl one), not part of dom0-a.
    cpSync(join(ROOT, 'examples'), join(dir, 'hosts/dom0-a'), { recursive: true, filter: (src) => !src.startsWith(join(ROOT, 'examples/xl')) });
  }
  return dir;
}

function run(dir, script, env = {}, shellArgs = []) {
  const r = spawnSync('bash', [...shellArgs, '-c', script], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: `${join(dir, 'bin')}:/usr/bin:/bin`, HOME: dir, NO_COLOR: '1', HOST_ROOT: 'hosts/dom0-a', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

withYaml('the YAML files parse', () => {
  for (const file of FILES) assert.ok(loadYaml(file), file);
});

withYaml('pre-commit hook: xendomains-lint, as specified', () => {
  const [hook, ...more] = loadYaml('.pre-commit-hooks.yaml');
  assert.is(more.length, 0);
  assert.is(hook.id, 'xendomains-lint');
  assert.is(hook.entry, 'xendomains lint');
  assert.is(hook.language, 'node');
  assert.is(hook.pass_filenames, true);
  assert.is(hook.files, '(^|/)(etc/sysconfig/xendomains|etc/default/xendomains|etc/xen/auto/.*)$');
});

withYaml("pre-commit hook: its entry lints the example host's files (the ones its pattern selects)", () => {
  const hook = loadYaml('.pre-commit-hooks.yaml')[0];
  const dir = workspace();
  const walk = (d) => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [relative(dir, join(d, f))]));
  const selected = walk(join(dir, 'hosts')).filter((f) => new RegExp(hook.files).test(f)).sort();
  assert.equal(selected, ['hosts/dom0-a/etc/sysconfig/xendomains', ...['db', 'mail', 'web1', 'web2'].map((n) => `hosts/dom0-a/etc/xen/auto/${n}.cfg`)]);
  const r = run(dir, `${hook.entry} ${selected.join(' ')}`);
  // The examples hold one error on purpose (XD4003: web1 and web2 share a MAC): exit 1 with the finding.
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stdout, /hosts\/dom0-a\/etc\/xen\/auto\/web2\.cfg/);
  assert.match(r.stdout, /XD4003\/duplicate-mac/);
  const one = run(dir, `${hook.entry} hosts/dom0-a/etc/sysconfig/xendomains hosts/dom0-a/etc/xen/auto/db.cfg`);
  assert.is(one.code, 0, one.stdout + one.stderr);
  // A commit touching only a domain config: the documented `args: [--root, TREE]` supplies the sysconfig.
  const cfgOnly = run(dir, `${hook.entry} --root hosts/dom0-a hosts/dom0-a/etc/xen/auto/db.cfg`);
  assert.is(cfgOnly.code, 1, cfgOnly.stderr); // the whole tree is linted: the XD4003 pair again
  assert.match(cfgOnly.stdout, /XD4003/);
});

withYaml('GitHub Actions: SARIF written and uploaded, the exit code kept for the last step', () => {
  const wf = loadYaml('contrib/ci/github-actions.yml');
  assert.ok(wf.permissions['security-events'] === 'write');
  const steps = wf.jobs.lint.steps;
  const lint = steps.find((s) => s.id === 'lint');
  const upload = steps.find((s) => String(s.uses).startsWith('github/codeql-action/upload-sarif@'));
  const fail = steps.find((s) => s.name === 'Fail on findings');
  assert.ok(lint && upload && fail);
  assert.ok(steps.indexOf(upload) > steps.indexOf(lint) && steps.indexOf(fail) > steps.indexOf(upload));
  assert.is(upload.with.sarif_file, 'xendomains.sarif');
  assert.match(lint.run, /xendomains lint --root "\$HOST_ROOT" -f sarif > xendomains\.sarif/);

  for (const [clean, exit] of [[false, '1'], [true, '0']]) {
    const dir = workspace(clean);
    const out = join(dir, 'github_output');
    const r = run(dir, lint.run, { GITHUB_OUTPUT: out }, ['-e']);
    assert.is(r.code, 0, r.stderr); // the step passes so the upload runs
    assert.is(readFileSync(out, 'utf8'), `exit=${exit}\n`);
    const sarif = JSON.parse(readFileSync(join(dir, 'xendomains.sarif'), 'utf8'));
    assert.is(sarif.version, '2.1.0');
    assert.is(sarif.runs[0].results.some((x) => x.ruleId === 'XD4003'), !clean);
    const last = run(dir, fail.run.replace('${{ steps.lint.outputs.exit }}', exit));
    assert.is(String(last.code), exit);
  }
  const broken = workspace();
  const r = run(broken, lint.run, { GITHUB_OUTPUT: join(broken, 'out'), HOST_ROOT: 'hosts/missing' }, ['-e']);
  assert.is(r.code, 2, 'unreadable input fails the step itself');
});

withYaml('GitLab CI: Code Quality report from lint -f json, the exit code kept', () => {
  const job = loadYaml('contrib/ci/gitlab-ci.yml')['xendomains-lint'];
  assert.is(job.artifacts.reports.codequality, 'gl-code-quality-report.json');
  assert.is(job.artifacts.when, 'always');
  const script = job.script.join('\n');
  for (const [clean, exit] of [[false, 1], [true, 0]]) {
    const dir = workspace(clean);
    const r = run(dir, script, {}, ['-eo', 'pipefail']); // GitLab's bash runs scripts with set -eo pipefail
    assert.is(r.code, exit, r.stderr);
    const report = JSON.parse(readFileSync(join(dir, 'gl-code-quality-report.json'), 'utf8'));
    assert.ok(Array.isArray(report));
    assert.is(report.some((i) => i.check_name === 'XD4003'), !clean);
    for (const issue of report) {
      assert.ok(issue.description && issue.fingerprint && issue.location.path && issue.location.lines.begin >= 1);
      assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(issue.severity));
      assert.ok(existsSync(join(dir, issue.location.path)), issue.location.path);
    }
  }
});

test.after(cleanup);
test.run();
