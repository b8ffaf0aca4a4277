// The rolling-plan playbook must be valid Ansible: `ansible-playbook --syntax-check`
// (ansible-core is enough: the playbook uses only ansible.builtin modules); skipped
// with the reason when ansible-playbook is not installed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers.mjs';
import { have, testIf } from '../tools.mjs';

const dir = join(ROOT, 'contrib/ansible');
const withAnsible = testIf(have('ansible-playbook'), 'ansible-playbook not found (apt-get install ansible-core): the playbook is not syntax-checked');

withAnsible('contrib/ansible/rolling-stop.yml passes ansible-playbook --syntax-check', () => {
  const r = spawnSync('ansible-playbook', ['--syntax-check', '-i', join(dir, 'hosts.example.ini'), join(dir, 'rolling-stop.yml')], {
    encoding: 'utf8',
    // As with ansible-core alone: no collections beyond ansible.builtin, even where the full `ansible` package is installed.
    env: { ...process.env, ANSIBLE_LOCAL_TEMP: '/tmp', ANSIBLE_HOME: '/tmp/ansible-home', ANSIBLE_NOCOLOR: '1', ANSIBLE_COLLECTIONS_PATH: '/nonexistent', ANSIBLE_COLLECTIONS_SCAN_SYS_PATH: 'false' },
  });
  assert.is(r.status, 0, r.stdout + r.stderr);
});

test('the playbook uses only ansible.builtin modules (ansible-core, no collections to install)', async () => {
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(join(dir, 'rolling-stop.yml'), 'utf8');
  const modules = [...text.matchAll(/^\s+-?\s*([a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_]+):/gm)].map((m) => m[1]);
  assert.ok(modules.length >= 4, modules.join(' '));
  assert.equal(modules.filter((m) => !m.startsWith('ansible.builtin.')), []);
});

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
  assert.ok(modeTasks.filter((t) => /(lint|compile-init) --root/.test(t)).every((t) => t.includes('--toolstack {{ xendomains_toolstack }}')), 'lint and compile-init get the host\'s toolstack');
  assert.match(text, /xendomains_toolstack: auto/, 'auto by default: each host tree decides');
  assert.ok(modeTasks.some((t) => /lint --root/.test(t) && /delegate_to: localhost/.test(t)), 'lint runs on the controller first');
  assert.ok(modeTasks.some((t) => /ansible\.builtin\.copy:[\s\S]*dest: "\{\{ xendomains_init_path \}\}"[\s\S]*mode: "0755"/.test(t)), 'the script is pushed as the init script');
  assert.ok(modeTasks.some((t) => t.includes('{{ xendomains_init_path }} {{ xendomains_verb }}')), 'the verb runs the pushed script');
  // In compiled mode nothing runs the CLI on the host.
  for (const t of text.split('    - name: ').filter((t) => t.includes('{{ xendomains_bin }}'))) assert.match(t, /when: xendomains_mode == 'cli'/);
});

test.run();
