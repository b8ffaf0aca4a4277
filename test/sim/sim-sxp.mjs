// xm simulator: SXP as xend prints it (atoms bare or as a Python 2 repr, the
// PrettyPrint layout at width 80), a small SXP reader for save images, and the
// `xm list -l` form of a domain. Lists are JS arrays, atoms strings or numbers.

const BARE = /^[A-Za-z0-9._:/~-]*$/;

/** Python 2 repr of the UTF-8 bytes of s. */
export function pythonRepr(s) {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const b of Buffer.from(s, 'utf8')) {
    if (b === 92) out += '\\\\';
    else if (b === 39 && quote === "'") out += "\\'";
    else if (b === 9) out += '\\t';
    else if (b === 10) out += '\\n';
    else if (b === 13) out += '\\r';
    else if (b < 32 || b >= 127) out += '\\x' + b.toString(16).padStart(2, '0');
    else out += String.fromCharCode(b);
  }
  return out + quote;
}

export function atomText(a) {
  if (typeof a === 'number') return String(a);
  return BARE.test(a) ? a : pythonRepr(a);
}

function flat(x) {
  return Array.isArray(x) ? '(' + x.map(flat).join(' ') + ')' : atomText(x);
}

function pretty(x, indent, out) {
  const f = flat(x);
  const pad = ' '.repeat(indent);
  if (!Array.isArray(x) || indent + f.length <= 80) {
    out.push(pad + f);
    return;
  }
  let items = x;
  if (x.length && !Array.isArray(x[0])) {
    out.push(pad + '(' + atomText(x[0]));
    items = x.slice(1);
  } else {
    out.push(pad + '(');
  }
  for (const item of items) pretty(item, indent + 4, out);
  out.push(pad + ')');
}

/** PrettyPrint.prettyprint: one form, ending with a newline. */
export function prettySxp(form) {
  const out = [];
  pretty(form, 0, out);
  return out.join('\n') + '\n';
}

/** sxp.to_string: one line. */
export function flatSxp(form) {
  return flat(form);
}

const ESC = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34 };

/** Reads the first form of SXP text; undefined when it is not a complete list. */
export function readSxp(text) {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const quoted = () => {
    const q = text[i++];
    const bytes = [];
    while (i < text.length && text[i] !== q) {
      let c = text[i++];
      if (c === '\\' && i < text.length) {
        c = text[i++];
        if (c === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i, i + 2))) {
          bytes.push(Number.parseInt(text.slice(i, i + 2), 16));
          i += 2;
        } else if (/[0-7]/.test(c)) {
          let digits = c;
          while (digits.length < 3 && /[0-7]/.test(text[i] ?? '')) digits += text[i++];
          bytes.push(Number.parseInt(digits, 8) & 255);
        } else if (ESC[c] !== undefined) bytes.push(ESC[c]);
        else bytes.push(92, ...Buffer.from(c));
      } else bytes.push(...Buffer.from(c));
    }
    if (i >= text.length) return undefined;
    i++;
    return Buffer.from(bytes).toString('utf8');
  };
  const form = (depth) => {
    ws();
    if (i >= text.length || depth > 64) return undefined;
    if (text[i] === '(') {
      i++;
      const list = [];
      for (;;) {
        ws();
        if (i >= text.length) return undefined;
        if (text[i] === ')') {
          i++;
          return list;
        }
        const item = form(depth + 1);
        if (item === undefined) return undefined;
        list.push(item);
      }
    }
    if (text[i] === "'" || text[i] === '"') return quoted();
    const start = i;
    while (i < text.length && !/[\s()'"]/.test(text[i])) i++;
    return text.slice(start, i);
  };
  const f = form(0);
  return Array.isArray(f) ? f : undefined;
}

/** sxp.child_value: the value of the first (key value) child. */
export function childValue(form, key) {
  const c = form.find((x) => Array.isArray(x) && x[0] === key);
  return c ? c[1] : undefined;
}

function hex(n, w) {
  return (n >>> 0).toString(16).padStart(w, '0').slice(-w);
}

function hash(s, seed) {
  let h = 2166136261 ^ seed;
  for (const b of Buffer.from(s)) h = Math.imul(h ^ b, 16777619);
  return h >>> 0;
}

/** A stable uuid for a domain without one. */
export function uuidFor(name, id) {
  if (id === 0) return '00000000-0000-0000-0000-000000000000';
  const a = hash(name, 1);
  const b = hash(name, 2);
  const c = hash(name, 3);
  return `${hex(a, 8)}-${hex(b, 4)}-4${hex(b >>> 16, 3)}-8${hex(c, 3)}-${hex(c >>> 12, 4)}${hex(a ^ c, 8)}`;
}

export function startTime(d) {
  return ((d.startTime ?? 1290061401000 + d.id * 1000) / 1000).toFixed(2);
}

/**
 * Extra devices as a busy xend host lists them (more disks and vifs, each with
 * xend's full set of fields), appended until the domain's form reaches `bytes`:
 * real `xm list -l` prints several KB per domain (state field `listPadBytes`).
 */
function padDevices(form, d, bytes) {
  let size = flatSxp(form).length;
  for (let n = 1; size < bytes; n++) {
    const device = n % 2
      ? ['device', ['vbd', ['uname', `phy:/dev/vg0/${d.name}-data${n}`], ['uuid', uuidFor(`${d.name}/vbd${n}`, n)],
        ['mode', 'w'], ['dev', `xvd${String.fromCharCode(97 + (n % 26))}${n}:disk`], ['backend', 0], ['bootable', 0],
        ['VDI', ''], ['driver', 'paravirtualised'], ['protocol', 'x86_64-abi']]]
      : ['device', ['vif', ['bridge', `xenbr${n % 4}`], ['mac', `00:16:3e:${hex(n, 2)}:${hex(d.id >>> 8, 2)}:${hex(d.id, 2)}`],
        ['script', '/etc/xen/scripts/vif-bridge'], ['uuid', uuidFor(`${d.name}/vif${n}`, n)], ['backend', 0],
        ['rate', '100Mb/s'], ['other_config', ''], ['sec_label', '']]];
    form.push(device);
    size += flatSxp(device).length + 1;
  }
  return form;
}

/** The `(domain …)` form xend prints for `xm list -l` (XendConfig.to_sxp order); `padTo`: see padDevices; `vifs` extra network devices. */
export function domainSxp(d, padTo = 0, vifs = 0) {
  const dom0 = d.id === 0;
  const vcpus = d.vcpus ?? 1;
  const memory = d.memory ?? 128;
  const form = [
    'domain', ['domid', d.id], ['cpu_weight', 256], ['cpu_cap', 0], ['on_crash', 'restart'],
    ['uuid', d.uuid ?? uuidFor(d.name, d.id)], ['bootloader_args', dom0 ? '' : '-q'], ['vcpus', vcpus],
    ['name', d.name], ['on_poweroff', 'destroy'], ['on_reboot', 'restart'],
    ['bootloader', dom0 ? '' : '/usr/bin/pygrub'], ['maxmem', dom0 ? 16777215 : d.maxmem ?? memory], ['memory', memory],
    ['shadow_memory', 0], ['vcpu_avail', 2 ** vcpus - 1], ['features', ''], ['on_xend_start', 'ignore'],
    ['on_xend_stop', 'ignore'], ['start_time', startTime(d)], ['cpu_time', (d.cpuTime ?? 0).toFixed(6)],
    ['online_vcpus', vcpus],
  ];
  if (dom0) {
    form.push(['image', ['linux', ['kernel', ''], ['superpages', 0], ['nomigrate', 0], ['tsc_mode', 0]]]);
    form.push(['status', 2], ['state', d.state ?? 'r-----']);
    return form;
  }
  form.push(['image', ['linux', ['kernel', ''], ['args', 'root=/dev/xvda1 ro console=hvc0'], ['superpages', 0],
    ['nomigrate', 0], ['tsc_mode', 0]]]);
  form.push(['status', 2], ['state', d.state ?? '-b----'], ['store_mfn', 1000000 + d.id * 2],
    ['console_mfn', 1000001 + d.id * 2]);
  form.push(['device', ['vbd', ['uname', `phy:/dev/vg0/${d.name}-root`], ['uuid', uuidFor(d.name + '/vbd', 1)],
    ['mode', 'w'], ['dev', 'xvda:disk'], ['backend', 0], ['bootable', 1]]]);
  form.push(['device', ['console', ['protocol', 'vt100'], ['location', 2], ['uuid', uuidFor(d.name + '/console', 1)]]]);
  for (let i = 0; i < vifs; i++) {
    const mac = `00:16:3e:${hex(d.id >> 8 & 255, 2)}:${hex(d.id & 255, 2)}:${hex(i & 255, 2)}`;
    form.push(['device', ['vif', ['bridge', `xenbr${i % 4}`], ['mac', mac], ['script', '/etc/xen/scripts/vif-bridge'], ['uuid', uuidFor(`${d.name}/vif${i}`, 1)],
      ['backend', 0], ['rate', '100Mb/s'], ['vifname', `vif${d.id}.${i}`]]]);
  }
  return padTo > 0 ? padDevices(form, d, padTo) : form;
}
