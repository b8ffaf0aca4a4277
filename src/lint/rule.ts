// What a rule module exports. One rule per file under rules/, named
// XDnnnn-kebab-name.ts; the module's docs and examples are the whole spec of
// the rule (explain prints them; tests run the examples).

import type { Severity } from '../model/diagnostic.js';
import type { AutoEntry } from '../model/auto.js';
import type { Dialect, DomainConfigModel } from '../model/domain.js';
import type { FileOwner, SaveEntry } from '../model/host-state.js';
import type { Settings } from '../model/settings.js';
import type { Span } from '../model/span.js';
import type { SysconfigModel } from '../model/sysconfig.js';

/** One example file for the docs; `bad` ones must trigger the rule, `good` ones must not. */
export interface RuleExample {
  /** Which kind of file the text is. Domain examples are linted as AUTO entries named `file`; fleet examples lint `hosts` together. */
  kind: 'sysconfig' | 'domain' | 'fleet';
  /** Domain examples only: the config's file name (default `example.cfg`). */
  file?: string;
  text: string;
  /** What the docs print instead of `text`, when `text` is too long to show (it is still what the tests lint). */
  display?: string;
  /** Extra AUTO entries to lint alongside (for cross-file rules). */
  others?: Array<{ file: string; text: string }>;
  /**
   * The toolstack of the example host (default: the rule's dialect, else xm): domain examples are
   * written in its language, and sysconfig rules judge the variables as its script uses them.
   */
  dialect?: Dialect;
  /** Domain examples only: the sysconfig to lint them with (default: the shipped sample). */
  sysconfig?: string;
  /** Fleet examples: the hosts linted together (`text` is then the first host's sysconfig, for the docs). */
  hosts?: Array<{ name: string; sysconfig: string; auto?: Array<{ file: string; text: string }>; aliases?: string[]; capacityMiB?: number }>;
  /** The example file cannot be read, for this reason (e.g. `permission denied`): its text is not linted. */
  unreadable?: string;
  /** Entries of the example host's XENDOMAINS_SAVE directory: a file with `content`, or a directory when `content` is absent. */
  saveDir?: Array<{ name: string; content?: string; uid?: number; mode?: number; symlink?: boolean }>;
  /** The example's XENDOMAINS_SAVE directory's owner and mode (default: root, 0755). */
  saveDirOwner?: { uid: number; mode: number };
}

export interface RuleDocs {
  /** One line: what the rule finds. */
  summary: string;
  /** Why it matters on a real host (markdown). */
  rationale: string;
  bad: RuleExample[];
  good: RuleExample[];
}

export interface LintContext {
  sysconfig: SysconfigModel | undefined;
  settings: Settings;
  /** The host's toolstack: which script (xm's or xl's) runs the sysconfig's commands. */
  toolstack: Dialect;
  domains: readonly DomainConfigModel[];
  /** The XENDOMAINS_AUTO entries in glob order; undefined when AUTO is unset, empty or missing. */
  auto: readonly AutoEntry[] | undefined;
  /** The XENDOMAINS_SAVE entries (scanSaveDir), when the caller scanned the host's save directory. */
  saveDir?: readonly SaveEntry[] | undefined;
  /** Files the host could not read (display path, reason). */
  unreadable: ReadonlyArray<{ path: string; reason: string }>;
  /** XENDOMAINS_SAVE's own owner and mode, when the caller scanned it. */
  saveDirOwner?: FileOwner | undefined;
  /** Only for rules with `phase: 'directives'`. */
  directiveUses: readonly DirectiveUse[];
  /** Only for rules with `phase: 'fleet'`: every host linted together (two or more). */
  fleet: readonly FleetHost[];
  /** Report a finding at `span`; severity is the rule's (after rc overrides). */
  /** `related`: other places the finding involves, e.g. the first of two configs that share a name. */
  report(span: Span, message: string, related?: Array<{ span: Span; message: string }>): void;
}

/** One dom0 of a fleet, as fleet rules (XD41xx) see it. */
export interface FleetHost {
  /** The host's name (from the fleet file, else the --root directory's name). */
  name: string;
  /** Other names and addresses XENDOMAINS_MIGRATE may use for it. */
  aliases: readonly string[];
  /** Memory available for guests, when the fleet file states it. */
  capacityMiB?: number;
  sysconfig: SysconfigModel | undefined;
  settings: Settings;
  domains: readonly DomainConfigModel[];
  /** The host's XENDOMAINS_AUTO entries, as LintContext.auto. */
  auto: readonly AutoEntry[] | undefined;
}

/** What meta rules (XD9xxx) see: every suppression directive after suppression has run. */
export interface DirectiveUse {
  target: string;
  span: Span;
  known: boolean;
  used: boolean;
}

export interface Rule {
  code: string;
  name: string;
  severity: Severity;
  docs: RuleDocs;
  /**
   * Default: once per host. `fleet`: once over all hosts linted together (only when there are two or more).
   * `directives`: last, after suppression, with `ctx.directiveUses` filled in.
   */
  phase?: 'fleet' | 'directives';
  /**
   * `file`: checks each domain config on its own and reads nothing but `ctx.domains`, so a lint worker
   * can run it where the config was compiled (lintFileRules). Default: the rule may look at the whole host.
   */
  scope?: 'file';
  /**
   * Rules about one toolstack's config language: they see only the domain configs written in it
   * (`ctx.domains` is filtered). Default: every config (the rule reads only what both dialects share).
   */
  dialect?: Dialect;
  /**
   * `xl`: an xm → xl migration rule (XD5xxx): it reads xm configs and runs only with `lint --target xl`.
   * Default: the rule always runs.
   */
  target?: 'xl';
  check(ctx: LintContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
