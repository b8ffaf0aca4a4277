// Chevrotain's grammar self-checks cost tens of milliseconds at every start of
// the CLI. They run in the test suite (XENDOMAINS_GRAMMAR_CHECKS=1), which
// proves the grammars sound; the shipped CLI skips them.

export const skipGrammarValidations = process.env.XENDOMAINS_GRAMMAR_CHECKS !== '1';
