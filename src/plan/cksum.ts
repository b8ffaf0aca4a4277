// POSIX `cksum`: the CRC-32 (polynomial 0x04C11DB7, MSB first) over the bytes
// and then the length, complemented. The compiled init script compares a config
// with `cksum <file` at run time, the one checksum every old userland has.

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** What `cksum <file` prints: "CRC SIZE". */
export function posixCksum(bytes: Uint8Array): string {
  let crc = 0;
  for (const b of bytes) crc = ((crc << 8) ^ TABLE[((crc >>> 24) ^ b) & 0xff]!) >>> 0;
  for (let n = bytes.length; n > 0; n = Math.floor(n / 256)) crc = ((crc << 8) ^ TABLE[((crc >>> 24) ^ (n & 0xff)) & 0xff]!) >>> 0;
  return `${(~crc) >>> 0} ${bytes.length}`;
}
