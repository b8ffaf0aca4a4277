// Kept for the ship tests' imports: the helpers live in test/tools.mjs.
export { have, haveFiles, testIf, inCI } from '../tools.mjs';
