// The per-process xm simulator: runs the one call on this process's command
// line (what test/sim/xm execs without XM_SIM_DAEMON). The call itself is xm-sim.mjs.
import { main } from './xm-sim.mjs';

process.exitCode = await main(process.argv.slice(2));
