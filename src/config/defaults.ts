// Built-in defaults, as a table so they show up in `debug config` with origin `default`.
// Sandbox and approval follow Codex: a directory with a trust decision gets workspace-write
// (untrusted: ask about everything but known-safe reads), one without gets read-only.
import { DEFAULT_AGENT_MAX_STEPS } from '../protocol/agent-limits.js';
import type { Table } from './parse-toml.js';
import type { TrustLevel } from './trust.js';

export function defaultTable(trust: TrustLevel | undefined): Table {
  return {
    model_provider: 'openai',
    sandbox_mode: trust === undefined ? 'read-only' : 'workspace-write',
    approval_policy: trust === 'untrusted' ? 'untrusted' : 'on-request',
    sandbox_workspace_write: {
      writable_roots: [],
      network_access: false,
      exclude_tmpdir_env_var: false,
      exclude_slash_tmp: false,
    },
    shell_environment_policy: {
      inherit: 'all',
      ignore_default_excludes: false,
      exclude: [],
      include_only: [],
    },
    project_doc_max_bytes: 32768,
    project_doc_fallback_filenames: [],
    project_root_markers: ['.git'],
    agent_max_steps: DEFAULT_AGENT_MAX_STEPS,
  };
}
