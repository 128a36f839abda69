// The flags every command accepts, before or after the subcommand (`ossa -p mlx exec` equals
// `ossa exec -p mlx`). Declared once and attached to every command.
import { type Command, Option } from 'commander';

import type { GlobalFlags } from '../config/flags.js';
import { APPROVAL_POLICIES, SANDBOX_MODES } from '../protocol/sandbox-policy.js';
import { LOCAL_PROVIDERS } from '../protocol/server-kinds.js';

export type { GlobalFlags } from '../config/flags.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function addGlobalFlags(command: Command): Command {
  return command
    .option('-m, --model <model>', 'model to use (overrides `model`)')
    .option('-p, --profile <name>', 'layer $OSSA_HOME/<name>.config.toml over config.toml', collect)
    .option('-c, --config <key=value>', 'override a config key; value parsed as TOML (repeatable)', collect)
    .option('--oss', 'use a local open-source model server (Ollama, LM Studio, llama-server or vLLM)')
    .addOption(new Option('--local-provider <id>', 'local server for --oss').choices(LOCAL_PROVIDERS))
    .addOption(new Option('-s, --sandbox <mode>', 'sandbox for model commands').choices(SANDBOX_MODES))
    .addOption(
      new Option('-a, --ask-for-approval <policy>', 'when to ask before running a command').choices(
        APPROVAL_POLICIES,
      ),
    )
    .option('-C, --cd <dir>', 'use DIR as the working directory')
    .option('--add-dir <dir>', 'additional writable directory for the sandbox (repeatable)', collect)
    .option('--strict-config', 'treat unknown config keys as errors')
    .option('--yes', 'say yes to local-server fixes and downloads (a larger window, a missing model)')
    .option('--full-auto', 'workspace-write sandbox with on-request approvals')
    .option(
      '--dangerously-bypass-approvals-and-sandbox',
      'run every command without sandbox and without asking (only inside an external sandbox)',
    );
}

/**
 * Merges the global flags seen on a command and all its ancestors. Deeper commands win for
 * single values; repeatable flags are concatenated in command-line order.
 */
export function collectGlobalFlags(command: Command): GlobalFlags {
  const chain: Command[] = [];
  for (let current: Command | null = command; current; current = current.parent) chain.unshift(current);
  const flags: GlobalFlags = { config: [], addDir: [] };
  for (const cmd of chain) {
    const opts = cmd.opts<Record<string, unknown>>();
    for (const [key, value] of Object.entries(opts)) {
      if (value === undefined) continue;
      if (key === 'config' || key === 'addDir') {
        flags[key].push(...(value as string[]));
      } else if (key === 'profile') {
        // Repeatable for `ossa eval -p a -p b`; everywhere else the last one applies.
        const names = value as string[];
        flags.profiles = [...(flags.profiles ?? []), ...names];
        flags.profile = flags.profiles.at(-1);
      } else {
        (flags as unknown as Record<string, unknown>)[key] = value;
      }
    }
  }
  return flags;
}
