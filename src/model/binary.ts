// Whether a file is binary data rather than a config someone mistyped: a NUL byte in its
// first 8 KiB and more than a tenth control characters there (or replaced invalid UTF-8),
// at least MIN_CONTROL of them: a stray NUL or two in a text file is reported where it is.
// Pure; the compilers decide what a binary file means for bash, xm or xl.

const HEAD = 8192;
const MIN_CONTROL = 16;

export function looksBinary(text: string): boolean {
  const head = text.slice(0, HEAD);
  if (!head.includes('\0')) return false;
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) control++;
  }
  return control >= MIN_CONTROL && control * 10 > head.length;
}
