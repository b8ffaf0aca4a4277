// XD2005: XENDOMAINS_MIGRATE must parse as `xm migrate <domid> <value>`:
// known options with valid values, and exactly one target host.

import { words } from '../src/model/settings.js';
import { defineRule } from '../src/lint/rule.js';
import { isValidHost, MIGRATE_OPTIONS, parseXmOptions } from '../src/lint/xm-options.js';

export default defineRule({
  code: 'XD2005',
  name: 'migrate-args',
  severity: 'error',
  docs: {
    summary: '`XENDOMAINS_MIGRATE` must be valid `xm migrate` options followed by exactly one target host (a hostname, IPv4 or IPv6 address).',
    rationale: `On stop the reference runs \`xm migrate <domid> $XENDOMAINS_MIGRATE\`, word-split and unquoted. A bad option, a
missing or second host, or \`host:port\` makes every migration fail at shutdown — the moment you least want to find
out — and each domain falls through to save or shutdown. \`-r\`/\`--resource\` is still in the 4.0 man page but the
4.0 code rejects it; \`-h\` prints help and migrates nothing. Use \`--port\` (\`-p\`) for a non-default relocation port. On xl hosts XD2014 checks this variable against xl instead.`,
    bad: [
      { kind: 'sysconfig', text: 'XENDOMAINS_MIGRATE="--live"\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_MIGRATE="--live dom0-b:8002"\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_MIGRATE="-r 100 dom0-b"\n' },
    ],
    good: [
      { kind: 'sysconfig', text: 'XENDOMAINS_MIGRATE="--live --port=8002 dom0-b.example.com"\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_MIGRATE=""\n' },
    ],
  },
  check(ctx) {
    // xl reads these words otherwise: XD2014 judges them on xl hosts
    if (ctx.toolstack === 'xl') return;
    const setting = ctx.settings.XENDOMAINS_MIGRATE;
    if (!setting.assignment || !setting.value) return;
    const span = setting.assignment.valueSpan;
    const parsed = parseXmOptions(words(setting.value), MIGRATE_OPTIONS);
    for (const error of parsed.errors) ctx.report(span, `xm migrate: ${error}${/-r\b|--res/.test(error) ? ' (--resource was removed in Xen 3.3; 4.0 rejects it)' : ''}`);
    for (const option of parsed.options) {
      if (option.spec.long === 'help') ctx.report(span, `${option.word} makes xm print the migrate usage and exit 1: no domain is ever migrated`);
      if (option.spec.value === 'int' && option.value !== undefined && !/^-?\d+$/.test(option.value)) {
        ctx.report(span, `xm migrate --${option.spec.long} needs an integer, not "${option.value}" (xm: Invalid value)`);
      }
    }
    if (parsed.positionals.length === 0) {
      ctx.report(span, 'XENDOMAINS_MIGRATE has no target host: `xm migrate <domid>` fails with "Invalid number of arguments"');
    } else if (parsed.positionals.length > 1) {
      ctx.report(span, `XENDOMAINS_MIGRATE names ${parsed.positionals.length} targets (${parsed.positionals.join(', ')}): xm migrate takes exactly one host`);
    } else {
      const host = parsed.positionals[0]!;
      if (!isValidHost(host)) {
        const port = /^(.+):(\d+)$/.exec(host);
        ctx.report(span, port && isValidHost(port[1]!) ? `"${host}" is not a host name: give the port with --port=${port[2]} ${port[1]}` : `"${host}" is not a valid host name or IP address`);
      }
    }
  },
});
