// XD3102: a known xl key whose value xl's reader cannot use: a list where xl
// reads one value, one value where it reads a list, text where it reads a
// number, `+=` on a number. xl only warns (or says nothing) and uses the default.

import { defineRule } from '../src/lint/rule.js';
import { xlKeys } from '../src/lint/xl-settings.js';
import { readerOf, readList, readLong, readString, XL_OPTION_BY_NAME } from '../src/model/xlcfg-values.js';

const INT_MAX = 2147483647n;
/** Keys whose value is a list of lists (each vnode / sound card is a list). */
const NESTED = new Set(['vnuma', 'vsnd']);

/** Strip libxlu's "<src>:<line>: warning: " prefix: the diagnostic has its own position. */
function xlWarning(warning: string): string {
  return warning.replace(/^.*?: warning: /, '');
}

/** What happens to a key whose value xl cannot read (built only when reported). */
function lost(key: string, silent: boolean): string {
  return `xl${silent ? ' silently' : ''} ignores \`${key}\` and the default applies`;
}

export default defineRule({
  code: 'XD3102',
  name: 'xl-value-type',
  severity: 'error',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'A value of the wrong type for an xl key (list vs single value, text for a number, `+=` on a number): xl ignores it and the default applies.',
    rationale: `xl reads each key with a typed accessor. When the value does not fit, xl prints a warning (or, for some keys,
nothing) and carries on **as if the key were not there**: \`memory = "1G"\` gives a 32 MiB guest, \`disk = 'phy:/dev/vg/x,xvda,w'\`
without brackets gives a guest with no disk, \`acpi = "yes"\` leaves ACPI at its default. Numbers are read by C \`strtol\`, so
\`"512M"\`, \`1e3\` and \`08\` are not numbers, and booleans are numbers only. The message quotes xl's own warning.`,
    bad: [
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nmemory = "1G"\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\ndisk = "phy:/dev/vg0/web,xvda,w"\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nkernel = [ "/boot/vmlinuz" ]\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nmemory = 512\nmemory += 512\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nvif = [ "bridge=xenbr0", [ "bridge=xenbr1" ] ]\n' },
    ],
    good: [{ kind: 'domain', file: 'web.cfg', text: 'name = "web"\nmemory = 0x400\nacpi = "1"\ndisk = [ "phy:/dev/vg0/web,xvda,w" ]\ncpus = "0-3"\nextra = "console=hvc0"\nextra += " quiet"\n' }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const { key, setting, assignment } of xlKeys(d)) {
        const how = readerOf(key);
        if (!how) continue;
        const option = XL_OPTION_BY_NAME.get(key)!;
        if (how.reader === 'long') {
          if (how.fallback === 'string') {
            const r = readString(setting, d.file);
            if (!r.ok) ctx.report(assignment.valueSpan, `${xlWarning(r.warning)}: ${lost(key, how.silent)}`);
            continue;
          }
          if (how.fallback === 'long' && setting.value.kind === 'list') continue; // viridian: a list of groups, or a boolean
          const r = readLong(setting, d.file);
          if (!r.ok) ctx.report(assignment.valueSpan, `${xlWarning(r.warning)}${how.silent ? ' (xl says nothing)' : ''}: ${lost(key, how.silent)}`);
          else if (option.readAs.startsWith('bounded') && (r.value < 0n || r.value > INT_MAX)) {
            ctx.report(assignment.valueSpan, `\`${key}\` = ${r.value} is outside 0..${INT_MAX}: xl exits with status 1 without saying why`);
          }
        } else if (how.reader === 'string') {
          const r = readString(setting, d.file);
          if (!r.ok) ctx.report(assignment.valueSpan, `${xlWarning(r.warning)}${how.silent ? ' (xl says nothing)' : ''}: ${lost(key, how.silent)}`);
        } else {
          if (setting.value.kind === 'atom') {
            if (how.fallback) continue; // also read as a single value
            const r = readList(setting, d.file);
            if (!r.ok) ctx.report(assignment.valueSpan, `${xlWarning(r.warning)}${how.silent ? ' (xl says nothing)' : ''}: ${lost(key, how.silent)}${key === 'disk' ? ': the guest gets no disk' : key === 'vif' ? ': the guest gets no network interface' : ''}; write ${key} = [ ${setting.value.number ? setting.value.text : JSON.stringify(setting.value.text)} ]`);
            continue;
          }
          const items = setting.value.items;
          if (NESTED.has(key)) {
            const flat = items.findIndex((i) => i.kind === 'atom');
            if (flat >= 0) ctx.report(d.lines.span(items[flat]!.start, items[flat]!.end), `\`${key}\` is a list of lists, but this element is a single value: xl stops ("value is not a list")`);
            continue;
          }
          const nested = items.findIndex((i) => i.kind === 'list');
          if (nested >= 0) {
            const later = items.length - nested - 1;
            ctx.report(d.lines.span(items[nested]!.start, items[nested]!.end), `a nested list in \`${key}\`: xl silently stops reading the list here and ignores this element${later ? ` and the ${later} after it` : ''}`);
          }
        }
      }
    }
  },
});
