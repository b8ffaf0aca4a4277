// A line bash cannot parse stops the sourcing: `show` holds only what bash
// holds (the later variables unset), and `lint` reports one XD1001 naming the
// variables that are lost, not "would run it as a command" (XD1002).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli, tmpHost, cleanup } from '../helpers.mjs';

const TEXT = 'XENDOMAINS_SYSRQ=""\nXENDOMAINS_SAVE=/var/lib/xen/save)\nXENDOMAINS_RESTORE=true\nXENDOMAINS_STOP_MAXWAIT=300\n';

test('show: the variables after the syntax error are unset', () => {
  const root = tmpHost({ 'etc/sysconfig/xendomains': TEXT });
  const r = cli(['show', '--root', root, '--format', 'json']);
  const out = JSON.parse(r.stdout);
  assert.is(out.sysconfig.XENDOMAINS_SYSRQ, '');
  assert.is(out.sysconfig.XENDOMAINS_SAVE, null);
  assert.is(out.sysconfig.XENDOMAINS_RESTORE, null);
  assert.is(out.sysconfig.XENDOMAINS_STOP_MAXWAIT, null);
});

test('lint: one XD1001 at the `)` naming the lost variables, no XD1002', () => {
  const root = tmpHost({ 'etc/sysconfig/xendomains': TEXT });
  const r = cli(['lint', '--root', root, '--format', 'json']);
  const { diagnostics } = JSON.parse(r.stdout);
  const codes = diagnostics.map((d) => d.code);
  assert.ok(codes.includes('XD1001'), JSON.stringify(codes));
  assert.not.ok(codes.includes('XD1002'), JSON.stringify(codes));
  const d = diagnostics.find((x) => x.code === "XD1001");
  assert.match(d.message, /syntax error near unexpected token `\)'/);
  assert.match(d.message, /never made: XENDOMAINS_SAVE, XENDOMAINS_RESTORE, XENDOMAINS_STOP_MAXWAIT/);
});

test.after(cleanup);
test.run();
