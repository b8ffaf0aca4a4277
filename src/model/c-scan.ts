// The C library's number readers as xl and libxlu call them on device strings
// (glibc on a 64-bit host): atoi, strtoul and sscanf's `%x`, each with how much
// of the text it used. Pure helpers for the xl device-spec models; judging is theirs.

const ULONG_MAX = (1n << 64n) - 1n;
const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);

export function isCSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

function digitOf(c: string | undefined, base: number): number {
  if (c === undefined) return -1;
  const code = c.charCodeAt(0);
  let d = 99;
  if (code >= 48 && code <= 57) d = code - 48;
  else if (code >= 97 && code <= 122) d = code - 87;
  else if (code >= 65 && code <= 90) d = code - 55;
  return d < base ? d : -1;
}

/** C atoi (glibc: `(int) strtol(text, NULL, 10)`): leading blanks, a sign, digits; 0 when there are none. */
export function atoi(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(text);
  if (!m) return 0;
  let v = BigInt(m[2]!);
  if (m[1] === '-') v = -v;
  if (v > LONG_MAX) v = LONG_MAX;
  if (v < LONG_MIN) v = LONG_MIN;
  return Number(BigInt.asIntN(32, v));
}

/** Whether atoi reads a number from the text at all (else it silently gives 0). */
export function atoiReadsNumber(text: string): boolean {
  return /^[ \t\n\v\f\r]*[+-]?\d/.test(text);
}

/**
 * sscanf's `%x` into an unsigned int at `from`: blanks, a sign, an optional `0x`, hex digits.
 * `used` counts the characters consumed (`%n`); undefined when nothing converts. As glibc:
 * `0x` with no digit after it reads 0 and consumes both; the value is strtoul's, cut to 32 bits.
 */
export function scanHex(text: string, from: number): { value: number; used: number } | undefined {
  let i = from;
  while (isCSpace(text[i])) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') negative = text[i++] === '-';
  let digits = 0;
  let value = 0n;
  if (text[i] === '0') {
    digits++;
    i++;
    if (text[i] === 'x' || text[i] === 'X') i++;
  }
  let overflow = false;
  for (let d = digitOf(text[i], 16); d >= 0; d = digitOf(text[++i], 16)) {
    digits++;
    value = value * 16n + BigInt(d);
    if (value > ULONG_MAX) overflow = true;
  }
  if (digits === 0) return undefined;
  let ul = overflow ? ULONG_MAX : negative ? (ULONG_MAX + 1n - value) & ULONG_MAX : value;
  ul &= 0xffffffffn;
  return { value: Number(ul), used: i - from };
}

/** C `strtoul(text, NULL, 0)`: the value read (0 when nothing converts), and whether anything converted. */
export function strtoul0(text: string): { value: bigint; converted: boolean } {
  let i = 0;
  while (isCSpace(text[i])) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') negative = text[i++] === '-';
  let base = 10;
  if (text[i] === '0') {
    base = 8;
    if ((text[i + 1] === 'x' || text[i + 1] === 'X') && digitOf(text[i + 2], 16) >= 0) {
      base = 16;
      i += 2;
    }
  }
  const start = i;
  let value = 0n;
  for (let d = digitOf(text[i], base); d >= 0; d = digitOf(text[++i], base)) value = value * BigInt(base) + BigInt(d);
  if (i === start) return { value: 0n, converted: false };
  if (value > ULONG_MAX) return { value: ULONG_MAX, converted: true };
  return { value: negative ? (ULONG_MAX + 1n - value) & ULONG_MAX : value, converted: true };
}
