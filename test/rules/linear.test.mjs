// Every rule is linear in its input (issue #11 item 9): XD3001 used to filter
// all assignments for each unknown variable. Instead of timing (never asserted),
// this counts the array elements that Array search methods walk while the rules
// run, for an input of n and of 2n items: a search inside a loop over the items
// makes the count grow 4x, a linear pass 2x.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileSysconfig } from '../../dist/src/model/sysconfig-compile.js';
import { compileDomainConfig } from '../../dist/src/model/domain-compile.js';
import { lintModels } from '../../dist/src/lint/engine.js';
import { rules } from '../../dist/rules/index.js';

const METHODS = ['filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every', 'indexOf', 'lastIndexOf', 'includes', 'map', 'forEach', 'reduce'];

/** Elements walked by Array search/iteration methods while fn runs (an upper bound: early exits count in full). */
function walked(fn) {
  const originals = METHODS.map((m) => [m, Array.prototype[m]]);
  let count = 0;
  for (const [m, original] of originals) {
    Object.defineProperty(Array.prototype, m, {
      configurable: true, writable: true,
      value: function (...args) {
        count += this.length;
        return original.apply(this, args);
      },
    });
  }
  try {
    fn();
  } finally {
    for (const [m, original] of originals) Object.defineProperty(Array.prototype, m, { configurable: true, writable: true, value: original });
  }
  return count;
}

const sysconfigText = (n) => `XENDOMAINS_SAVE=/var/lib/xen/save\nXENDOMAINS_STOP_MAXWAIT=300\nXENDOMAINS_SYSRQ="${'s '.repeat(n)}"\n${Array.from({ length: n }, (_, i) => `MY_VAR_${i}="v${i}"\n`).join('')}`;

/** A domain config with n of everything a rule loops over: unknown variables, disks, vifs, repeated names. */
const domainText = (n, tag) => [
  `name = 'big-${tag}'`,
  'memory = 512',
  ...Array.from({ length: n }, (_, i) => `unknown_${i} = ${i}`),
  ...Array.from({ length: n }, (_, i) => `memmory${i % 7 ? '' : i} = ${i}`),
  `disk = [${Array.from({ length: n }, (_, i) => `'phy:/dev/vg0/d${i},xvd${i},w'`).join(', ')}]`,
  `vif = [${Array.from({ length: n }, (_, i) => `'mac=00:16:3e:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')},bridge=xenbr0'`).join(', ')}]`,
].join('\n') + '\n';

function lintCount(n) {
  const sysconfig = compileSysconfig(sysconfigText(n), 'etc/sysconfig/xendomains');
  const auto = ['a.cfg', 'b.cfg'].map((file) => ({ hostPath: `/etc/xen/auto/${file}`, file: `etc/xen/auto/${file}`, basename: file, kind: 'config', model: compileDomainConfig(domainText(n, file), `etc/xen/auto/${file}`, { basename: file }) }));
  let findings = 0;
  const count = walked(() => {
    findings = lintModels({ sysconfig, domains: auto.map((e) => e.model), auto }, { rules }).length;
  });
  return { count, findings };
}

test('lint walks 2x the elements for 2x the input, never 4x (every rule linear)', () => {
  const small = lintCount(2000);
  const big = lintCount(4000);
  assert.ok(small.findings > 2000, `the input makes findings (${small.findings})`);
  const ratio = big.count / small.count;
  assert.ok(ratio < 2.5, `elements walked: ${small.count} for n, ${big.count} for 2n (ratio ${ratio.toFixed(2)})`);
});

test.run();
