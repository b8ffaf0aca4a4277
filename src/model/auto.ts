// One entry of the XENDOMAINS_AUTO directory as the reference's `$AUTO/*` glob
// sees it (non-hidden, byte order, no recursion, symlinks followed), and what
// it holds. Enumerating the directory is src/host's job; this is the shape.

import type { DomainConfigModel } from './domain.js';
import type { DomainFacts } from './domain-facts.js';

export type AutoEntryKind =
  /** A readable regular file (or a symlink to one): compiled into `model`. */
  | 'config'
  | 'directory'
  | 'broken-symlink'
  | 'unreadable'
  /** A socket, FIFO or device. */
  | 'other';

export interface AutoEntry {
  /** The path as the reference script passes it to xm: `<AUTO>/<name>` on the host (not under --root). */
  hostPath: string;
  /** Where the file is read from (under --root), as shown to the user. */
  file: string;
  /** The entry's name in the directory (what the reference prints and greps). */
  basename: string;
  kind: AutoEntryKind;
  /** For 'unreadable': why. */
  reason?: string;
  /** For 'config': the compiled model (absent when a lint worker compiled it and sent only `facts`). */
  model?: DomainConfigModel;
  /** For 'config' entries compiled by a lint worker: what the cross-file rules need. */
  facts?: DomainFacts;
}
