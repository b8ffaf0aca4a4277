// XD4002: two AUTO configs with the same uuid: xend refuses the second domain.

import { autoConfigs, duplicates, where } from '../src/lint/cross-file.js';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD4002',
  name: 'duplicate-uuid',
  severity: 'error',
  docs: {
    summary: 'Two configs in XENDOMAINS_AUTO with the same `uuid`.',
    rationale: `A domain's uuid identifies it to xend, to management tools and to Oracle VM Manager. xend refuses to start a
second domain with a uuid already in use, so one of the two guests fails at boot. Cloned configs are the usual cause:
give each guest its own uuid (\`uuidgen\`), or remove the line and let xend generate one.`,
    bad: [{ kind: 'domain', file: 'a.cfg', text: "name = 'a'\nuuid = '6f1a2c3e-8b4d-4e2a-9c1f-0a1b2c3d4e01'\n", others: [{ file: 'b.cfg', text: "name = 'b'\nuuid = '6F1A2C3E-8B4D-4E2A-9C1F-0A1B2C3D4E01'\n" }] }],
    good: [{ kind: 'domain', file: 'a.cfg', text: "name = 'a'\nuuid = '6f1a2c3e-8b4d-4e2a-9c1f-0a1b2c3d4e01'\n", others: [{ file: 'b.cfg', text: "name = 'b'\nuuid = '6f1a2c3e-8b4d-4e2a-9c1f-0a1b2c3d4e02'\n" }] }],
  },
  check(ctx) {
    const uuids = autoConfigs(ctx).flatMap((d) => (d.uuid ? [{ key: d.uuid.value.toLowerCase().replace(/-/g, ''), item: d.uuid }] : []));
    for (const group of duplicates(uuids)) {
      for (const later of group.slice(1)) ctx.report(later.span, `uuid ${later.value} is also used by ${where(group[0]!.span)}: xend refuses the second domain`, [{ span: group[0]!.span, message: `uuid ${later.value} first used here` }]);
    }
  },
});
