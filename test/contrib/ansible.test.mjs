// The rolling-plan playbook must be valid Ansible: `ansible-playbook
// --syntax-check` when Ansible is installed; otherwise the test says it skipped.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers.mjs';

const probe = spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8' });
const dir = join(ROOT, 'contrib/ansible');

if (probe.status !== 0) {
  test.skip('ansible-playbook --syntax-check (Ansible not installed: apt-get install ansible-core)', () => {});
} else {
  test('contrib/ansible/rolling-stop.yml passes ansible-playbook --syntax-check', () => {
    const r = spawnSync('ansible-playbook', ['--syntax-check', '-i', join(dir, 'hosts.example.ini'), join(dir, 'rolling-stop.yml')], {
      encoding: 'utf8',
      env: { ...process.env, ANSIBLE_LOCAL_TEMP: '/tmp', ANSIBLE_HOME: '/tmp/ansible-home', ANSIBLE_NOCOLOR: '1' },
    });
    assert.is(r.status, 0, r.stdout + r.stderr);
  });
}

test('the playbook plans with --out and applies with serial batches', async () => {
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(join(dir, 'rolling-stop.yml'), 'utf8');
  assert.match(text, /plan \{\{ xendomains_verb \}\}\n\s+--out /);
  assert.match(text, /serial: "\{\{ xendomains_batch \| default\(1\) \}\}"/);
  assert.match(text, /xendomains_bin \}\} apply /);
});

test.run();
