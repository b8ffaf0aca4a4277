// xl's `rdm` option (spec §10.13): `strategy=host[,policy=strict|relaxed]` as
// libxlu's xlu_rdm_parse reads it, including its inverted test — a *valid*
// policy makes the parse fail, and xl then ignores the whole option. Pure; XD3118 judges.

export interface XlRdm {
  /** libxlu's result: xl applies the option only when this is true. */
  ok: boolean;
  /** Why it failed, in words (undefined when ok). */
  error?: string;
  /** What libxlu printed (no newline), or ''. */
  report: string;
  /** 0 ignore (unset), 1 host. */
  strategy: number;
  /** -1 unset, 0 strict, 1 relaxed. */
  policy: number;
  /** The `policy=` values libxlu reported as unknown and skipped. */
  unknownPolicies: string[];
}

const POLICIES = ['invalid', 'strict', 'relaxed'];

export function parseXlRdm(spec: string): XlRdm {
  const rdm: XlRdm = { ok: false, report: '', strategy: 0, policy: -1, unknownPolicies: [] };
  let state: 'type' | 'strategy' | 'policy' | 'end' = 'type';
  let tok = 0;
  for (let i = 0; i <= spec.length; i++) {
    const c = i < spec.length ? spec[i] : '\0';
    if (state === 'type') {
      if (c !== '=') continue;
      const key = spec.slice(tok, i);
      if (key === 'strategy') state = 'strategy';
      else if (key === 'policy') state = 'policy';
      else {
        rdm.report += `Unknown RDM state option: ${key}`;
        return { ...rdm, error: `"${key}" is not an rdm option (strategy, policy)` };
      }
      tok = i + 1;
    } else if ((state === 'strategy' || state === 'policy') && (c === ',' || c === '\0')) {
      const value = spec.slice(tok, i);
      if (state === 'strategy') {
        if (value !== 'host') {
          rdm.report += `Unknown RDM strategy option: ${value}`;
          return { ...rdm, error: `strategy must be host, not "${value}"` };
        }
        rdm.strategy = 1;
      } else {
        const policy = POLICIES.indexOf(value.toLowerCase());
        if (policy >= 0) {
          rdm.policy = policy - 1;
          return { ...rdm, error: `a valid policy= makes libxlu's parser fail (its success test is inverted in Xen 4.17–4.20)` };
        }
        rdm.report += `Unknown RDM policy: ${value}`;
        rdm.unknownPolicies.push(value);
      }
      state = c === ',' ? 'type' : 'end';
      tok = i + 1;
    }
  }
  if (state !== 'end') return { ...rdm, error: spec === '' ? 'it is empty' : 'it ends without a value (strategy=host)' };
  rdm.ok = true;
  return rdm;
}
