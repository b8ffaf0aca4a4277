// The per-process xl simulator: runs the one call on this process's command
// line (what test/sim/xl execs without XM_SIM_DAEMON). The call itself is xl-sim.mjs.
import { main } from './xl-sim.mjs';

process.exitCode = await main(process.argv.slice(2));
