// The global command-line flags as config sees them: the top layer of the configuration. The
// command line (cli/global-flags.ts) fills this in; config turns it into settings.
import type { ApprovalPolicy, SandboxMode } from '../protocol/sandbox-policy.js';
import type { LocalProviderId } from '../protocol/server-kinds.js';

export interface GlobalFlags {
  model?: string;
  /** The model picked with /model in the UI: above -m, shown with origin `/model`. */
  sessionModel?: string;
  /** The profile (`-p`); the last one when several were given. */
  profile?: string;
  /** Every `-p`, in order (`ossa eval` compares them). */
  profiles?: string[];
  /** Raw `-c key.path=value` strings, in command-line order. */
  config: string[];
  oss?: boolean;
  localProvider?: LocalProviderId;
  sandbox?: SandboxMode;
  askForApproval?: ApprovalPolicy;
  cd?: string;
  strictConfig?: boolean;
  fullAuto?: boolean;
  dangerouslyBypassApprovalsAndSandbox?: boolean;
  /** Extra writable directories (`--add-dir`), repeatable. */
  addDir: string[];
  /** Apply set-up fixes (e.g. a larger Ollama context window) without asking. */
  yes?: boolean;
}
