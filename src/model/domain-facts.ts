// What the cross-file and fleet rules (XD40xx, XD41xx) may know about one
// domain config: a small summary of its compiled model. Lint workers send
// these instead of whole models; building them is src/lint/cross-file's job.

import type { DomainConfigModel } from './domain.js';
import type { Span } from './span.js';

export interface DomainFacts {
  file: string;
  /** The effective domain name, as DomainConfigModel.name. */
  name: DomainConfigModel['name'];
  /** False when the config has a syntax error: `xm create` / `xl create` cannot load it. */
  loads: boolean;
  /** `uuid` when it is a string, as written. */
  uuid?: { value: string; span: Span };
  /** Every valid `mac=` of a `vif` entry, in order, located at the address. */
  macs: Array<{ value: string; span: Span }>;
  /** `memory` in MiB, or the toolstack's default when unset or not a number (xm 128, xl 32). */
  memoryMiB: number;
}
