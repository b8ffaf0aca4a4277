// XD3114: a `channel` element xl refuses (no or a bad connection, a socket
// without path, a field that is not key=value: xl create exits) or partly
// ignores (unknown keys), and a channel without the name its guest looks for.

import { defineRule } from '../src/lint/rule.js';
import { eachListString } from '../src/lint/xl-settings.js';
import { checkChannel } from '../src/model/xl-device-fields.js';

export default defineRule({
  code: 'XD3114',
  name: 'xl-channel-spec',
  severity: 'error',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'A `channel` element that makes `xl create` exit (connection missing or not pty/socket, socket without path, a field without a value) or that xl partly ignores.',
    rationale: `Each \`channel\` string is \`key=value\` pairs (blanks around them are trimmed): \`name\`, \`connection=pty|socket\`,
\`path\` (required for a socket) and \`backend\`. Without \`connection\`, with any other value (\`Socket\` too: the match is
exact), with a socket but no \`path\`, or with a field that is not \`key=value\`, \`xl create\` exits and the guest does not start.
Unknown keys are printed and ignored. \`name\` is what the guest looks the channel up by (e.g. \`org.qemu.guest_agent.0\`):
xl.cfg(5) makes it mandatory, but xl does not check it.`,
    bad: [
      { kind: 'domain', file: 'app.cfg', text: 'name = "app"\nchannel = [ "name=org.qemu.guest_agent.0" ]\n' },
      { kind: 'domain', file: 'app.cfg', text: 'name = "app"\nchannel = [ "name=agent,connection=socket" ]\n' },
      { kind: 'domain', file: 'app.cfg', text: 'name = "app"\nchannel = [ "name=agent,connection=unix,path=/run/agent.sock" ]\n' },
      { kind: 'domain', file: 'app.cfg', text: 'name = "app"\nchannel = [ "connection=pty" ]\n' },
    ],
    good: [{ kind: 'domain', file: 'app.cfg', text: 'name = "app"\nchannel = [ "name=org.qemu.guest_agent.0, connection=socket, path=/run/xen/app-agent.sock", "name=console2,connection=pty" ]\n' }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const item of eachListString(d, 'channel')) {
        for (const p of checkChannel(item.text)) ctx.report(item.span, `channel: ${p.message}${p.fatal ? ' — xl create exits' : ''}`);
      }
    }
  },
});
