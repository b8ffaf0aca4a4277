// XD4011: an xl config whose device specs carry `name=` (a channel, a vsnd PCM,
// a named PCI device): the xl-era xendomains script takes those for domain names (X5).

import { NAMED_DEVICE_KEYS, deviceSpecNames } from '../src/model/xl-device-names.js';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD4011',
  name: 'xl-device-name',
  severity: 'warning',
  dialect: 'xl',
  docs: {
    summary: 'An xl config in XENDOMAINS_AUTO has a device with `name=` (channel, vsnd, pci): the xl-era xendomains script mistakes it for a second domain name.',
    rationale: `The xl script reads a config's domain name from \`xl create --dryrun\`: every line ending in \`",\` that holds
\`"name": "\` counts. A channel device (\`channel = [ "connection=pty,name=org.qemu.guest_agent.0" ]\`, the QEMU guest
agent), a vsnd PCM or a named PCI device prints such a line too, so the name becomes two lines and never matches: the
script never sees the domain as running and creates it again at every start (which fails: name in use), \`status\` reports
it missing, and with XENDOMAINS_AUTO_ONLY=true its name filter breaks and every domain is stopped. At stop, the same
nested name in \`xl list -l\` runs the save and shutdown a second time for the same domain (X5). xendomains reads the
\`name\` key alone and is not affected; a host still running the xl script is.`,
    bad: [{ kind: 'domain', dialect: 'xl', file: 'ga.cfg', text: 'name = "ga"\nmemory = 1024\nchannel = [ "connection=pty,name=org.qemu.guest_agent.0" ]\n' }],
    good: [{ kind: 'domain', dialect: 'xl', file: 'ga.cfg', text: 'name = "ga"\nmemory = 1024\nchannel = [ "connection=pty" ]\n' }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const key of NAMED_DEVICE_KEYS) {
        const assignment = d.vars.get(key);
        if (!assignment) continue;
        const names = deviceSpecNames(assignment.value);
        if (!names.length) continue;
        ctx.report(
          assignment.valueSpan,
          `\`${key}\` names ${names.map((n) => JSON.stringify(n)).join(', ')}: the xl-era xendomains script takes ${names.length === 1 ? 'it for a domain name' : 'them for domain names'} too (X5), so it never sees ${d.name?.value ?? 'this domain'} as running (it creates it again at start, status reports it missing) and its AUTO_ONLY filter breaks`,
        );
      }
    }
  },
});
