// One entry point for compiling a domain config in a host's dialect: xm's
// Python subset (domain-compile) or xl.cfg (xlcfg-compile). Both give a DomainConfigModel.

import type { DomainConfigModel, Dialect } from './domain.js';
import { compileDomainConfig, type DomainCompileOptions } from './domain-compile.js';
import { compileXlConfig } from './xlcfg-compile.js';

export function compileConfig(text: string, file: string, dialect: Dialect, options: DomainCompileOptions = {}): DomainConfigModel {
  return dialect === 'xl' ? compileXlConfig(text, file) : compileDomainConfig(text, file, options);
}
