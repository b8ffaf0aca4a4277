// A fake ExecHost for the executor's unit tests: xm calls answered by a
// script (per argv: exit code, stderr, hang → the watchdog fires, delay),
// a virtual clock advanced by sleeps and command durations, an in-memory file
// system, and a domain list the scripted calls change. Not a test file itself.

export const XM = '/usr/sbin/xm';

/**
 * behave(argv, host) → { code?, stderr?, stdout?, hang?, delayMs?, spawnError?, effect?(host), wait?: Promise }
 * `hang`: the command never ends by itself; the fake resolves as the watchdog would (timedOut).
 */
export function fakeHost({ behave = () => ({}), domains = [], files = {}, bootId = 'boot-1', pid = 4242, readOnly = [] } = {}) {
  const host = {
    clock: Date.UTC(2024, 4, 1, 12, 0, 0),
    calls: [],
    sleeps: [],
    domains: domains.map((d) => ({ ...d })),
    files: new Map(Object.entries(files)),
    dirs: new Set(),
    journal: [],
    lists: 0,
    inFlight: 0,
    maxInFlight: 0,
    readOnly: new Set(readOnly),
    listFails: false,
    journalFails: false,

    async run(argv, request) {
      host.calls.push({ argv: [...argv], timeoutMs: request.timeoutMs });
      const b = behave(argv, host) ?? {};
      host.inFlight++;
      host.maxInFlight = Math.max(host.maxInFlight, host.inFlight);
      try {
        if (b.wait) await b.wait;
        if (b.delayMs) await new Promise((r) => setTimeout(r, b.delayMs));
        const base = { stdout: b.stdout ?? '', stderr: b.stderr ?? '', timedOut: false, aborted: false, signal: null, durationMs: b.delayMs ?? 0 };
        if (b.spawnError) return { ...base, code: null, spawnError: b.spawnError };
        if (b.hang) {
          if (request.timeoutMs === undefined) throw new Error(`fake: ${argv.join(' ')} hangs without a watchdog`);
          host.clock += request.timeoutMs;
          b.effect?.(host);
          return { ...base, code: null, signal: 'SIGTERM', timedOut: true, durationMs: request.timeoutMs };
        }
        if (request.signal?.aborted) return { ...base, code: null, signal: 'SIGTERM', aborted: true };
        b.effect?.(host);
        host.clock += b.delayMs ?? 0;
        return { ...base, code: b.code ?? 0 };
      } finally {
        host.inFlight--;
      }
    },
    async sleep(ms) {
      host.sleeps.push(ms);
      host.clock += ms;
    },
    now: () => host.clock,
    mkdirp(dir) {
      if (host.readOnly.has(dir)) throw new Error(`EACCES: permission denied, mkdir '${dir}'`);
      host.dirs.add(dir);
    },
    remove(path) {
      if (host.readOnly.has(path)) throw new Error(`EACCES: permission denied, unlink '${path}'`);
      if (!host.files.delete(path)) throw new Error(`ENOENT: no such file, unlink '${path}'`);
      host.inodes.delete(path);
    },
    moveNoReplace(from, to) {
      if (host.files.has(to) || host.dirs.has(to) || host.meta.has(to)) return false;
      host.rename(from, to);
      return true;
    },
    rename(from, to) {
      if (!host.files.has(from)) throw new Error(`ENOENT: rename '${from}'`);
      if (host.readOnly.has(from)) throw new Error(`EACCES: rename '${from}'`);
      host.files.set(to, host.files.get(from));
      host.files.delete(from);
      host.inodes.set(to, host.inodes.get(from) ?? ++inode);
      host.inodes.delete(from);
    },
    /** path → inode: a file keeps its inode while written in place (files.set), a new one after remove. */
    inodes: new Map(),
    /** path → {uid, mode, kind} overrides for lstat (a planted symlink, a foreign owner). */
    meta: new Map(),
    lstat(path) {
      const meta = host.meta.get(path);
      if (!host.files.has(path) && !host.dirs.has(path) && !meta) return undefined;
      if (!host.inodes.has(path)) host.inodes.set(path, ++inode);
      const text = host.files.get(path) ?? '';
      return { kind: host.dirs.has(path) ? 'dir' : 'file', dev: 1, ino: host.inodes.get(path), size: text.length, mtimeMs: host.clock, uid: 0, mode: 0o100600, ...meta };
    },
    replaceFile(path, content) {
      if (host.readOnly.has(path)) throw new Error(`EACCES: open '${path}'`);
      host.files.set(path, content);
      host.inodes.set(path, ++inode);
    },
    pidAlive: (p) => host.alive.has(p),
    /** PIDs that exist besides ours. */
    alive: new Set([pid]),
    uid: () => 0,
    exists: (path) => host.files.has(path) || host.dirs.has(path),
    createExclusive(path, content) {
      if (host.files.has(path) || host.meta.has(path)) return false;
      if (host.readOnly.has(path)) throw new Error(`EACCES: open '${path}'`);
      host.files.set(path, content);
      return true;
    },
    readFile: (path) => host.files.get(path),
    appendJournal(path, line) {
      if (host.journalFails) throw new Error(`EROFS: read-only file system, open '${path}'`);
      host.journal.push(JSON.parse(line));
    },
    bootId: () => bootId,
    pid: () => pid,
    async listDomains() {
      host.lists++;
      if (host.listFails) return { ok: false, message: 'xm list -l failed' };
      return { ok: true, domains: [{ id: 0, name: 'Domain-0' }, ...host.domains.map((d) => ({ id: d.id, name: d.name }))] };
    },
    /** Remove a domain by id (what a successful migrate/save/shutdown does). */
    drop(id) {
      host.domains = host.domains.filter((d) => d.id !== Number(id));
    },
  };
  return host;
}

/** The default behaviour of a well xm: stop verbs remove the domain, save writes the image, restore reads it. */
export function wellBehaved(overrides = () => undefined) {
  return (argv, host) => {
    const o = overrides(argv, host);
    if (o) return o;
    const [, verb, a, b] = argv;
    if (verb === 'migrate' || verb === 'shutdown') return { effect: (h) => (a === '--all' ? (h.domains = []) : h.drop(a)) };
    if (verb === 'save') return { effect: (h) => (h.files.set(b, 'LinuxGuestRecord…complete'), h.drop(a)) };
    return {};
  };
}

let ids = 0;
let inode = 100;
/** A plan step with the planner's defaults. */
export function step(fields) {
  return {
    id: 0,
    part: 'stop',
    chain: 0,
    argv: [XM],
    domain: null,
    domid: null,
    phase: 'shutdown',
    lane: null,
    timeoutSeconds: null,
    sleepAfterMicros: 0,
    sleepWhen: 'success',
    onSuccess: 'next-domain',
    onFailure: 'next-domain',
    ...fields,
  };
}

/** A stop chain as the planner makes it: [sysrq keys…], migrate?, save?, shutdown?. */
export function stopChain(domain, id, { sysrq = [], migrate, save, shutdown = ['--halt', '--wait'], timeout = 2, lane = 1, usleep = 100000 } = {}) {
  const common = { domain, domid: id, lane, part: 'stop' };
  const out = sysrq.map((k) => step({ ...common, argv: [XM, 'sysrq', String(id), k], phase: 'sysrq', sleepAfterMicros: usleep, sleepWhen: 'always', onSuccess: 'next-step', onFailure: 'next-step' }));
  const fallbacks = [];
  if (migrate) fallbacks.push(step({ ...common, argv: [XM, 'migrate', String(id), ...migrate], phase: 'migrate', timeoutSeconds: timeout, sleepAfterMicros: 1000, onFailure: 'next-step' }));
  if (save) fallbacks.push(step({ ...common, argv: [XM, 'save', String(id), `${save}/${domain}`], phase: 'save', timeoutSeconds: timeout, sleepAfterMicros: 1000, onFailure: 'next-step', image: `${save}/${domain}`, ensureDir: save }));
  if (shutdown) fallbacks.push(step({ ...common, argv: [XM, 'shutdown', String(id), ...shutdown], phase: 'shutdown', timeoutSeconds: timeout }));
  if (fallbacks.length) fallbacks[fallbacks.length - 1].onFailure = 'next-domain';
  return [...out, ...fallbacks];
}

/** Numbers steps and chains in order and wraps them in a plan. */
export function makePlan(verb, chains, extra = {}) {
  const steps = [];
  chains.forEach((chain, c) => {
    for (const s of chain) steps.push({ ...s, id: steps.length + 1, chain: c + 1 });
  });
  ids++;
  return {
    version: 1,
    verb,
    toolstack: 'xm',
    xm: XM,
    inputs: {},
    state: { domains: [{ id: 0, name: 'Domain-0' }], saved: [] },
    lockFile: '/var/lock/subsys/xendomains',
    outcome: null,
    createLock: verb === 'start' || verb === 'restart',
    removeLock: verb === 'stop' || verb === 'restart',
    lanes: 1,
    steps,
    notes: [],
    expectedSeconds: 0,
    worstCaseSeconds: null,
    ...extra,
  };
}

export function shutdownAll(timeout = 2) {
  return [step({ argv: [XM, 'shutdown', '--all', '--halt', '--wait'], phase: 'shutdown-all', timeoutSeconds: timeout, onlyIfDomainsRemain: true })];
}

export const argvs = (host) => host.calls.map((c) => c.argv.slice(1).join(' '));
