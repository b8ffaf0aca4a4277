// XD4003: the same MAC address on two interfaces (in one config or across
// AUTO configs): xend refuses duplicates within a domain, and on a bridge
// two guests with one MAC steal each other's traffic.

import { autoConfigs, duplicates, where } from '../src/lint/cross-file.js';
import type { Span } from '../src/model/span.js';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD4003',
  name: 'duplicate-mac',
  severity: 'error',
  docs: {
    summary: 'A MAC address given to more than one `vif`, in one config or across the configs in XENDOMAINS_AUTO.',
    rationale: `xend refuses a domain whose interfaces share a MAC. Across domains nothing stops it: both guests start, and on
the same bridge they take each other's traffic, ARP entries flap, and DHCP hands both the same lease. Cloned configs
are the usual cause. Give every interface its own address (00:16:3e:xx:xx:xx is the range reserved for Xen guests).`,
    bad: [{ kind: 'domain', file: 'web1.cfg', text: "name = 'web1'\nvif = ['mac=00:16:3e:1a:00:01,bridge=xenbr0']\n", others: [{ file: 'web2.cfg', text: "name = 'web2'\nvif = ['mac=00:16:3E:1A:00:01,bridge=xenbr0']\n" }] }],
    good: [{ kind: 'domain', file: 'web1.cfg', text: "name = 'web1'\nvif = ['mac=00:16:3e:1a:00:01,bridge=xenbr0']\n", others: [{ file: 'web2.cfg', text: "name = 'web2'\nvif = ['mac=00:16:3e:1a:00:02,bridge=xenbr0']\n" }] }],
  },
  check(ctx) {
    const macs: Array<{ key: string; item: { span: Span; mac: string; domain: string } }> = [];
    for (const d of autoConfigs(ctx)) {
      for (const mac of d.macs) macs.push({ key: mac.value.toLowerCase(), item: { span: mac.span, mac: mac.value, domain: d.file } });
    }
    for (const group of duplicates(macs)) {
      for (const later of group.slice(1)) {
        const same = later.domain === group[0]!.domain;
        ctx.report(later.span, `MAC ${later.mac} is also used at ${where(group[0]!.span)}${same ? ': xend refuses a domain whose interfaces share a MAC' : ': two guests with one MAC on a network take each other\'s traffic'}`, [{ span: group[0]!.span, message: `MAC ${later.mac} first used here` }]);
      }
    }
  },
});
