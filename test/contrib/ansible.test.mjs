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

test('compiled mode: the controller lints and compiles each host tree, pushes the script as the init script, and runs its verb', async () => {
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(join(dir, 'rolling-stop.yml'), 'utf8');
  const modeTasks = text.split('    - name: ').filter((t) => t.includes("when: xendomains_mode == 'compiled'"));
  const compile = modeTasks.find((t) => t.includes('compile-init --root'));
  assert.ok(compile && /delegate_to: localhost/.test(compile), 'compile-init runs on the controller');
  assert.ok(modeTasks.some((t) => /lint --root/.test(t) && /delegate_to: localhost/.test(t)), 'lint runs on the controller first');
  assert.ok(modeTasks.some((t) => /ansible\.builtin\.copy:[\s\S]*dest: "\{\{ xendomains_init_path \}\}"[\s\S]*mode: "0755"/.test(t)), 'the script is pushed as the init script');
  assert.ok(modeTasks.some((t) => t.includes('{{ xendomains_init_path }} {{ xendomains_verb }}')), 'the verb runs the pushed script');
  // In compiled mode nothing runs the CLI on the host.
  for (const t of text.split('    - name: ').filter((t) => t.includes('{{ xendomains_bin }}'))) assert.match(t, /when: xendomains_mode == 'cli'/);
});

test.run();
