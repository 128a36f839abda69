// Which profile files `ossa init` writes for the servers it found (pure). The first server with a
// usable model gets `local` (its largest tool-capable model) and `local-small` (its smallest);
// every other server gets one profile named after its provider id. A server not yet in config
// gets its `[model_providers.<id>]` table inside the profile file.

import { formatTokens } from '../../protocol/format-tokens.js';
import type { WireChoice } from '../../servers/wire-probe.js';
import type { ModelEntry, SourceEntry } from '../models/collect.js';

export interface ProfilePlan {
  /** Profile name: the file is `<name>.config.toml`. */
  name: string;
  server: string;
  provider: string;
  model: string;
  text: string;
  /** Said on the terminal too, not only in a comment of the file: the window is too small. */
  warning?: string;
}

export interface PlanInput {
  servers: SourceEntry[];
  /** Wire API per server root and why, for servers that need a provider table. */
  wires: Map<string, WireChoice>;
  minimum: number;
  now: Date;
}

export function planProfiles(input: PlanInput): ProfilePlan[] {
  const plans: ProfilePlan[] = [];
  for (const server of input.servers) {
    const usable = server.models
      .filter((model) => model.tools !== false && !/embed/i.test(model.id))
      .sort((a, b) => (b.size_bytes ?? 0) - (a.size_bytes ?? 0));
    const largest = usable[0];
    if (!largest) continue;
    const provider = server.provider ?? server.suggested_provider ?? 'local';
    const add = (name: string, model: ModelEntry) => {
      const warning = smallWindowWarning(model, name, input.minimum);
      plans.push({
        name,
        server: server.label,
        provider,
        model: model.id,
        text: profileText(server, provider, model, name, input),
        ...(warning ? { warning } : {}),
      });
    };
    if (plans.length === 0) {
      add('local', largest);
      const smallest = usable.at(-1)!;
      if (smallest !== largest && (smallest.size_bytes ?? 0) < (largest.size_bytes ?? 0))
        add('local-small', smallest);
    } else if (!plans.some((plan) => plan.name === provider)) {
      add(provider, largest);
    }
  }
  return plans;
}

function smallWindowWarning(model: ModelEntry, name: string, minimum: number): string | undefined {
  if (model.context_window === undefined || model.context_window >= minimum) return undefined;
  return `the context window of ${model.id} is ${formatTokens(model.context_window)} tokens, below the ${formatTokens(minimum)} ossa needs for agent work (source: ${model.context_source}): see \`ossa doctor -p ${name}\``;
}

function profileText(
  server: SourceEntry,
  provider: string,
  model: ModelEntry,
  name: string,
  input: PlanInput,
): string {
  const lines = [
    `# Written by \`ossa init\` on ${input.now.toISOString().slice(0, 10)} for ${server.label}${server.version ? ` ${server.version}` : ''} at ${server.url}.`,
    `# Use it with: ossa -p ${name}`,
  ];
  if (model.context_window !== undefined) {
    const small = model.context_window < input.minimum;
    lines.push(
      `# Context window: ${model.context_window} tokens (${model.context_source})${small ? `, below the ${formatTokens(input.minimum)} ossa needs: see \`ossa doctor -p ${name}\`` : ''}.`,
    );
  }
  lines.push(`model_provider = ${tomlString(provider)}`, `model = ${tomlString(model.id)}`);
  if (!server.provider) {
    const choice = input.wires.get(server.url) ?? { wire: 'chat', reason: 'the wires were not probed' };
    lines.push(
      '',
      `[model_providers.${provider}]`,
      `name = ${tomlString(server.label)}`,
      `base_url = ${tomlString(server.base_url)}`,
      `# wire_api: ${oneLine(choice.reason)}.`,
      `wire_api = ${tomlString(choice.wire)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Server text in a comment: one line, no control characters. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

/** A TOML basic string (JSON string escapes are valid TOML escapes). */
function tomlString(value: string): string {
  return JSON.stringify(value);
}
