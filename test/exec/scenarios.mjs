// The executor's end-to-end scenarios as data: each is a host for scenarioHost
// plus the verb's extra CLI arguments. Shared by e2e-start/e2e-stop (which
// assert each one's exact outcome) and init-script-diff (which holds the compiled
// init script to the same outcome as the CLI). Not a test file.
import { HANG_MAXWAIT } from './sim-scenario.mjs';

export const web = { id: 3, name: 'web', memory: 512 };
export const db = { id: 4, name: 'db', memory: 1024 };
export const mail = { id: 5, name: 'mail' };
export const image = (id, name) => ({ image: { id, name } });

/** `xendomains start` scenarios: setup for scenarioHost, extra CLI args (output formats only). */
export const START_SCENARIOS = {
  restoreGood: { setup: { save: { db: image(4, 'db'), web: image(3, 'web') }, auto: { 'web.cfg': 'web', 'mail.cfg': 'mail' } } },
  restoreCorrupt: { setup: { save: { web: { ...image(3, 'web'), truncate: 30000 }, db: image(4, 'db') }, auto: { 'web.cfg': 'web' } } },
  nonImage: { setup: { save: { 'notes.txt': 'not an image\n', 'lost+found': 'dir', empty: '' }, auto: { 'web.cfg': 'web' } } },
  autoMixed: { setup: { domains: [{ id: 3, name: 'web' }], auto: { 'web.cfg': 'web', 'db.cfg': 'db' } }, args: ['--log-format', 'upstream'] },
  createFails: { setup: { auto: { 'bad.cfg': 'bad', 'good.cfg': 'good' }, faults: { bad: { create: { fail: 'Device 51712 (vbd) could not be connected.' } } } } },
  heldLock: { setup: { auto: { 'web.cfg': 'web' }, lock: '' }, args: ['--log-format', 'upstream'] },
  staleLock: { setup: { auto: { 'web.cfg': 'web' }, lock: JSON.stringify({ pid: 1234, bootId: '00000000-0000-4000-8000-000000000000', verb: 'start', time: '2020-01-01T00:00:00.000Z' }) } },
  upstream: { setup: { save: { db: image(4, 'db'), web: { ...image(3, 'web'), truncate: 30000 }, 'notes.txt': 'x' }, auto: { 'web.cfg': 'web', 'mail.cfg': 'mail' } }, args: ['--log-format', 'upstream'] },
  json: { setup: { auto: { 'web.cfg': 'web' } }, args: ['--log-format', 'json'] },
};

/** `xendomains stop` scenarios (the lock is present unless said otherwise). */
export const STOP_SCENARIOS = {
  save: { setup: { domains: [web, db] } },
  sysrq: { setup: { domains: [web, db], sysconfig: { XENDOMAINS_SYSRQ: 's u', XENDOMAINS_SAVE: '' } } },
  migrateFails: { setup: { domains: [web, db], refuseHosts: ['peer'], sysconfig: { XENDOMAINS_MIGRATE: '--live peer' } } },
  migrateOk: { setup: { domains: [web], sysconfig: { XENDOMAINS_MIGRATE: 'other-host' } } },
  saveFails: { setup: { domains: [web, db], faults: { web: { save: { fail: 'xc_save failed', delayMs: 50 } } } } },
  saveHangs: { setup: { domains: [web], faults: { web: { save: { hang: true } } }, sysconfig: { XENDOMAINS_STOP_MAXWAIT: String(HANG_MAXWAIT) } } },
  shutdownHangs: { setup: { domains: [web, db], faults: { web: { shutdown: { hang: true } } }, sysconfig: { XENDOMAINS_SAVE: '', XENDOMAINS_STOP_MAXWAIT: String(HANG_MAXWAIT) } } },
  autoOnly: { setup: { domains: [web, db, mail], auto: { 'web.cfg': 'web', 'mail.cfg': 'mail' }, sysconfig: { XENDOMAINS_AUTO_ONLY: 'true', XENDOMAINS_SHUTDOWN_ALL: '' } } },
  shutdownAll: { setup: { domains: [web, db], sysconfig: { XENDOMAINS_SAVE: '', XENDOMAINS_SHUTDOWN: '' } } },
  autoOnlyAll: { setup: { domains: [web, db], auto: { 'web.cfg': 'web' }, sysconfig: { XENDOMAINS_AUTO_ONLY: 'true', XENDOMAINS_SAVE: '' } } },
  upstream: {
    setup: { domains: [web, db, { id: 6, name: 'db+1' }], refuseHosts: ['peer'], faults: { db: { save: { fail: 'xc_save failed' } } }, sysconfig: { XENDOMAINS_MIGRATE: 'peer', XENDOMAINS_SYSRQ: 's' } },
    args: ['--log-format', 'upstream'],
  },
  nothing: { setup: { domains: [] }, args: ['--log-format', 'upstream'] },
  unwritableSave: { setup: { domains: [web], sysconfig: (h) => ({ XENDOMAINS_SAVE: `${h.blocker}/save` }) } },
  journalUnwritable: { setup: { domains: [web] }, options: { journal: false, blockedJournal: true } },
  parallel: {
    setup: {
      domains: ['a', 'b', 'c', 'd', 'e', 'f'].map((name, i) => ({ id: 3 + i, name })),
      sysconfig: { XENDOMAINS_SAVE: '', XENDOMAINS_SYSRQ: 's', XENDOMAINS_STOP_PARALLEL: '3' },
      faults: { '*': { shutdown: { delayMs: 600 } }, c: { shutdown: { hang: true } } },
    },
    unordered: true,
  },
};

/** Other verbs end to end: restart, reload, status (the lock and AUTO as set up). */
export const OTHER_SCENARIOS = {
  restart: { verb: 'restart', setup: { domains: [{ id: 3, name: 'web' }, { id: 4, name: 'db' }], lock: '' } },
  reload: { verb: 'reload', setup: { domains: [{ id: 3, name: 'web' }], sysconfig: { XENDOMAINS_SAVE: '' }, auto: { 'web.cfg': 'web' } } },
  statusRunning: { verb: 'status', setup: { domains: [{ id: 3, name: 'web' }], auto: { 'web.cfg': 'web' }, lock: '' } },
  statusDead: { verb: 'status', setup: { domains: [{ id: 3, name: 'web' }], auto: { 'web.cfg': 'web', 'db.cfg': 'db' }, save: { old: 'x' }, lock: '' } },
  statusNoLock: { verb: 'status', setup: { domains: [{ id: 3, name: 'web' }], auto: { 'web.cfg': 'web' } } },
  statusStaleLock: { verb: 'status', setup: { domains: [{ id: 3, name: 'web' }], auto: { 'web.cfg': 'web' }, lock: JSON.stringify({ pid: 1, bootId: 'another-boot', verb: 'start', time: '' }) } },
  condrestartNoLock: { verb: 'condrestart', cli: null, setup: { domains: [{ id: 3, name: 'web' }] } },
  stopXmMissing: { verb: 'stop', xm: '/nonexistent/xm', setup: { domains: [web], lock: '' } },
  startXmMissing: { verb: 'start', xm: '/nonexistent/xm', setup: { auto: { 'web.cfg': 'web' } } },
  statusXmMissing: { verb: 'status', xm: '/nonexistent/xm', setup: { domains: [web], auto: { 'web.cfg': 'web' }, lock: '' } },
};
