#!/usr/bin/env node
// Entry point placeholder; the yargs wiring lands with the lint engine.
console.error('xendomains: not built yet');
process.exit(3);
