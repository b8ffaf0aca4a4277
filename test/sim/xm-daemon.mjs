#!/usr/bin/env node
// xm simulator daemon: serves the calls that its clients (test/sim/xm with
// XM_SIM_DAEMON set, or xm-client.c) relay, so an xm call costs a bash or C start
// instead of a Node start. Each call runs in a pooled worker thread (sim-worker.mjs)
// with the simulator's own code; a call whose client dies is dropped with its worker.
// Protocol and lifecycle: contrib/xm-simulator.md.
//
//   node test/sim/xm-daemon.mjs [--listen HOST:PORT] [--workers N] [--max-workers N]
//
// Prints the value for XM_SIM_DAEMON (`HOST:PORT/TOKEN`) once it is ready.

import { randomBytes } from 'node:crypto';
import { fstatSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const WORKER = new URL('./sim-worker.mjs', import.meta.url);
const MAGIC = 'xm-sim/1';
/** A request this big without its end is not one of ours. */
const MAX_REQUEST = 16 << 20;

function fail(message) {
  process.stderr.write(`xm-daemon: ${message}\n`);
  process.exit(1);
}

function options(argv) {
  const o = { listen: '127.0.0.1:0', workers: 4, maxWorkers: 256 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--listen' && value) o.listen = value;
    else if (flag === '--workers' && /^\d+$/.test(value ?? '')) o.workers = Number(value);
    else if (flag === '--max-workers' && /^[1-9]\d*$/.test(value ?? '')) o.maxWorkers = Number(value);
    else fail(`usage: xm-daemon.mjs [--listen HOST:PORT] [--workers N] [--max-workers N] (got ${flag})`);
    i++;
  }
  const m = /^(.+):(\d+)$/.exec(o.listen);
  if (!m) fail(`--listen wants HOST:PORT, not ${o.listen}`);
  return { ...o, host: m[1], port: Number(m[2]), workers: Math.min(o.workers, o.maxWorkers) };
}

const opts = options(process.argv.slice(2));
const token = randomBytes(16).toString('hex');

// What the workers list to warm up (sim-worker.mjs): 50 domains, like a busy host.
const warmDir = mkdtempSync(join(tmpdir(), 'xm-daemon-'));
const warmState = join(warmDir, 'state.json');
writeFileSync(warmState, JSON.stringify({ domains: Array.from({ length: 51 }, (_, id) => ({ id, name: id ? `vm${id}` : 'Domain-0', memory: 512 })) }));
process.on('exit', () => rmSync(warmDir, { recursive: true, force: true }));
/** Whose turn it is to write a state file (sim-state.mjs lockThreads): a worker's threadId, or 0. */
const writers = new Int32Array(new SharedArrayBuffer(4));

// ---- the worker pool ----

const idle = [];
/** Calls waiting for a worker, in arrival order. */
const queue = [];
let workerCount = 0;
/** Workers started and not yet ready. */
let starting = 0;
let closing = false;

function startWorker() {
  workerCount++;
  starting++;
  const w = new Worker(WORKER, { workerData: { warmState, writers } });
  // Kept: once the worker has exited, w.threadId reads -1.
  const tid = w.threadId;
  w.call = undefined;
  w.ready = false;
  w.on('message', (m) => {
    if (m.type === 'ready') {
      starting--;
      w.ready = true;
      return release(w);
    }
    const c = w.call;
    if (!c) return;
    if (m.type === 'out') c.frame(m.fd, m.data);
    else if (m.type === 'done') {
      w.call = undefined;
      c.finish(m.code);
      release(w);
    }
  });
  w.on('error', (e) => {
    // A worker that cannot even load the simulator would fail every call: give up at once.
    if (!w.ready) fail(`a worker thread could not start: ${e?.message ?? e}`);
    // Thrown outside main()'s own catch: answer like its internal-error path.
    w.call?.frame(2, Buffer.from(`Error: xm simulator internal error: ${e?.message ?? e}\n`));
    w.call?.finish(1);
    w.call = undefined;
  });
  w.on('exit', () => {
    // Terminated mid-write (its client died): the next writer may go. The file lock names the dead client.
    if (Atomics.compareExchange(writers, 0, tid, 0) === tid) Atomics.notify(writers, 0);
    workerCount--;
    if (!w.ready) starting--;
    const i = idle.indexOf(w);
    if (i >= 0) idle.splice(i, 1);
    if (!closing) grow();
  });
  return w;
}

/** Keeps the pool at its minimum and starts a worker for every queued call none is starting for. */
function grow() {
  while (workerCount < opts.maxWorkers && (workerCount < opts.workers || starting < queue.length)) startWorker();
}

function release(w) {
  const next = queue.shift();
  if (next) dispatch(w, next);
  else idle.push(w);
}

function dispatch(w, c) {
  w.call = c;
  c.worker = w;
  w.postMessage(c.request);
}

function submit(c) {
  const w = idle.pop();
  if (w) return dispatch(w, c);
  queue.push(c);
  grow();
}

/** The client is gone before its answer: the call dies with it, as a killed xm process would. */
function abandon(c) {
  const i = queue.indexOf(c);
  if (i >= 0) queue.splice(i, 1);
  const w = c.worker;
  if (w && w.call === c) {
    w.call = undefined;
    w.terminate();
  }
}

// ---- one connection, one call ----

/** Splits the request `MAGIC\0TOKEN\0PID\0CWD\0NENV\0ENV…\0ARGC\0ARG…\0` once it is complete. */
function parseRequest(buf) {
  const fields = [];
  let at = 0;
  const next = () => {
    const end = buf.indexOf(0, at);
    if (end < 0) return undefined;
    const s = buf.subarray(at, end).toString('utf8');
    at = end + 1;
    fields.push(s);
    return s;
  };
  for (let i = 0; i < 5; i++) if (next() === undefined) return undefined;
  const nenv = Number(fields[4]);
  for (let i = 0; i < nenv; i++) if (next() === undefined) return undefined;
  const argc = next();
  if (argc === undefined) return undefined;
  for (let i = 0; i < Number(argc); i++) if (next() === undefined) return undefined;
  const [magic, tok, pid, cwd] = fields;
  const env = {};
  for (const kv of fields.slice(5, 5 + nenv)) {
    const eq = kv.indexOf('=');
    if (eq > 0) env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return { magic, token: tok, pid: Number(pid), cwd, env, argv: fields.slice(6 + nenv) };
}

function serve(socket) {
  socket.setNoDelay(true);
  let buf = Buffer.alloc(0);
  let c;
  const onData = (d) => {
    buf = Buffer.concat([buf, d]);
    const r = parseRequest(buf);
    if (!r) {
      if (buf.length > MAX_REQUEST) socket.destroy();
      return;
    }
    socket.off('data', onData);
    c = {
      done: false,
      request: { argv: r.argv, pid: r.pid, cwd: r.cwd, env: r.env },
      frame(fd, data) {
        if (this.done || data.length === 0) return;
        socket.write(`${fd} ${data.length}\n`);
        socket.write(data);
      },
      finish(code) {
        if (this.done) return;
        this.done = true;
        socket.end(`x ${code}\n`);
      },
    };
    if (r.magic !== MAGIC || r.token !== token || !(r.pid > 0) || !Array.isArray(r.argv)) {
      c.frame(2, Buffer.from('Error: xm simulator: the daemon refused the call (a different protocol or token than XM_SIM_DAEMON names)\n'));
      return c.finish(1);
    }
    submit(c);
  };
  socket.on('data', onData);
  const gone = () => {
    if (c && !c.done) {
      c.done = true;
      abandon(c);
    }
  };
  socket.on('end', gone);
  socket.on('close', gone);
  socket.on('error', gone);
}

// ---- lifecycle ----

const server = createServer({ noDelay: true }, serve);
const sockets = new Set();
server.on('connection', (s) => {
  sockets.add(s);
  s.on('close', () => sockets.delete(s));
});

function shutdown() {
  if (closing) return;
  closing = true;
  server.close();
  for (const s of sockets) s.destroy();
  // Workers are threads of this process: exiting ends them, hung calls included.
  process.exit(0);
}

for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, shutdown);
// Started with a pipe or socket on stdin (sim-daemon.mjs): its closing, e.g. the parent's death, ends the daemon.
try {
  const stdin = fstatSync(0);
  if (stdin.isFIFO() || stdin.isSocket()) {
    process.stdin.on('end', shutdown).on('close', shutdown).on('error', shutdown).resume();
  }
} catch {}
// Reparented (the parent died): no one will stop us.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && shutdown(), 250).unref();

server.on('error', (e) => fail(`cannot listen on ${opts.listen}: ${e.message}`));
server.listen(opts.port, opts.host, async () => {
  const ready = Array.from({ length: opts.workers }, () => new Promise((resolve) => startWorker().once('message', resolve)));
  await Promise.all(ready);
  const a = server.address();
  process.stdout.write(`${a.address}:${a.port}/${token}\n`);
});
