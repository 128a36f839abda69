// The keys ossa reads from config.toml, profile files, project files and `-c`. One source for
// validation, the key reference in docs/configuration.md and `ossa debug config`. Names and
// meanings follow Codex's config.toml; the few ossa additions are marked "(ossa)". No transforms
// and no defaults here: defaults live in defaults.ts so every value keeps its origin.
//
// Every start validates its config against this schema, so building it is start-up time: the
// schemas of map entries (`[model_providers.<id>]`, `[mcp_servers.<name>]`, `[projects."<path>"]`,
// `[model_families.<id>]`) are `z.lazy`, built the first time a config has such an entry (or the
// key reference is made). A lazy schema validates and emits JSON Schema as the schema it wraps.

import { DEFAULT_AGENT_MAX_STEPS } from '../protocol/agent-limits.js';
import { APPROVAL_POLICIES, SANDBOX_MODES } from '../protocol/sandbox-policy.js';
import { LOCAL_PROVIDERS } from '../protocol/server-kinds.js';
import { TOOL_CALL_FORMATS } from '../protocol/tool-call-formats.js';
import * as z from '../protocol/zod.js';

const stringMap = z.record(z.string(), z.string());
const stringList = z.array(z.string());
const count = (max: number) => z.number().check(z.int(), z.minimum(0), z.maximum(max));

export const WIRE_API_VALUES = ['responses', 'chat'] as const;
export const CHAT_REASONING_FIELD_VALUES = ['reasoning_content', 'reasoning', 'none'] as const;

export const providerSchema = z.lazy(() =>
  z.partial(
    z.strictObject({
      name: z.string().check(z.describe('Display name. Required and non-empty for a custom provider.')),
      base_url: z
        .string()
        .check(
          z.describe(
            'OpenAI-compatible API root, e.g. `http://localhost:11434/v1`. Required for a custom provider.',
          ),
        ),
      env_key: z
        .string()
        .check(
          z.describe(
            'Environment variable holding the API key, sent as `Authorization: Bearer <key>`. When set and the variable is unset or blank, a run stops with an error naming it.',
          ),
        ),
      env_key_instructions: z
        .string()
        .check(z.describe('Help shown when the `env_key` variable is missing.')),
      experimental_bearer_token: z
        .string()
        .check(z.describe('A literal bearer token (discouraged: prefer `env_key`). Never printed.')),
      wire_api: z
        .enum(WIRE_API_VALUES)
        .check(
          z.describe(
            'Wire protocol: `responses` (`POST /responses`, the default) or `chat` (`POST /chat/completions`; ossa keeps it working for servers without the Responses API).',
          ),
        ),
      query_params: stringMap.check(
        z.describe('Query parameters appended to every request URL (e.g. `api-version`).'),
      ),
      http_headers: stringMap.check(
        z.describe('Static HTTP headers sent with every request. Values are never printed.'),
      ),
      env_http_headers: stringMap.check(
        z.describe(
          'Headers whose value comes from an environment variable (header = "VAR"); left out when the variable is unset or blank.',
        ),
      ),
      request_max_retries: count(100).check(
        z.describe('Retries for a failed request (connection error, 408/409/429/5xx). Default 4.'),
      ),
      stream_max_retries: count(100).check(
        z.describe('Retries for a dropped streaming response. Default 5.'),
      ),
      stream_idle_timeout_ms: count(Number.MAX_SAFE_INTEGER).check(
        z.describe('No streamed data for this long means the stream is lost. Default 300000 (5 min).'),
      ),
      stream_first_byte_timeout_ms: count(Number.MAX_SAFE_INTEGER).check(
        z.describe(
          '(ossa) Time from sending a request to the first response byte. Default 600000 (10 min) for a provider on this machine, where prompt prefill on CPU is slow; 120000 otherwise.',
        ),
      ),
      stream_max_reply_bytes: z
        .number()
        .check(
          z.int(),
          z.minimum(1024),
          z.maximum(Number.MAX_SAFE_INTEGER),
          z.describe(
            '(ossa) The most one model reply may hold: text, tool-call arguments and reasoning together, in bytes. A longer reply ends with an error naming this key; one server-sent event line or a non-streamed body may be twice this plus 1 MiB. At least 1024. Default 8388608 (8 MiB).',
          ),
        ),
      stream_max_duration_ms: count(Number.MAX_SAFE_INTEGER).check(
        z.describe(
          '(ossa) The longest one request may take, from sending it to the end of the reply, however steadily data arrives; not retried. 0 means no limit. Default 3600000 (1 h).',
        ),
      ),
      chat_reasoning_field: z
        .enum(CHAT_REASONING_FIELD_VALUES)
        .check(
          z.describe(
            '(ossa) Chat wire only: the assistant-message field reasoning is sent back in (`reasoning_content`, `reasoning`, or `none` to not send it). Default `reasoning_content`.',
          ),
        ),
    }),
  ),
);

const sandboxWorkspaceWriteSchema = z.partial(
  z.strictObject({
    writable_roots: stringList.check(
      z.describe('Extra writable directories besides the workspace. Default `[]`.'),
    ),
    network_access: z
      .boolean()
      .check(z.describe('Allow outbound network in workspace-write. Default false.')),
    exclude_tmpdir_env_var: z.boolean().check(z.describe('Do not make `$TMPDIR` writable. Default false.')),
    exclude_slash_tmp: z.boolean().check(z.describe('Do not make `/tmp` writable. Default false.')),
  }),
);

const shellEnvironmentPolicySchema = z.partial(
  z.strictObject({
    inherit: z
      .enum(['all', 'core', 'none'])
      .check(
        z.describe(
          'Starting set of variables for commands: `all`, `core` (PATH, HOME, USER, SHELL, LANG, TMPDIR …) or `none`. Default `all`.',
        ),
      ),
    ignore_default_excludes: z
      .boolean()
      .check(
        z.describe(
          'When false (the default), drop variables whose names contain KEY, SECRET, TOKEN, PASSWORD or CREDENTIAL.',
        ),
      ),
    exclude: stringList.check(z.describe('Drop variables matching these case-insensitive globs (`*`, `?`).')),
    set: stringMap.check(z.describe('Set these variables for every command.')),
    include_only: stringList.check(
      z.describe('When non-empty, keep only variables matching these globs (after `set`).'),
    ),
  }),
);

export const MCP_APPROVAL_MODES = ['auto', 'prompt', 'approve'] as const;

const mcpApprovalMode = z.enum(MCP_APPROVAL_MODES);

const mcpToolSchema = z.lazy(() =>
  z.partial(
    z.strictObject({
      approval_mode: mcpApprovalMode.check(
        z.describe(
          'Approval for this tool: `auto` (ask as the approval policy says), `prompt` (always ask) or `approve` (never ask). Overrides `default_tools_approval_mode`.',
        ),
      ),
    }),
  ),
);

const mcpServerSchema = z.lazy(() =>
  z.partial(
    z.strictObject({
      command: z
        .string()
        .check(
          z.minLength(1),
          z.describe('stdio server: the program to start. A server has either `command` or `url`.'),
        ),
      args: stringList.check(z.describe('stdio server: its arguments.')),
      env: stringMap.check(
        z.describe(
          'stdio server: variables set for it. It inherits nothing else but a minimal base (PATH, HOME, USER, LANG, TMPDIR …). Values are never printed.',
        ),
      ),
      env_vars: stringList.check(
        z.describe(
          'stdio server: names of variables passed through from ossa\'s environment (e.g. `["GITHUB_TOKEN"]`).',
        ),
      ),
      cwd: z
        .string()
        .check(
          z.describe('stdio server: working directory (relative to the workspace). Default the workspace.'),
        ),
      url: z
        .string()
        .check(
          z.minLength(1),
          z.describe('HTTP server: its URL. Streamable HTTP, falling back to the older HTTP+SSE transport.'),
        ),
      bearer_token_env_var: z
        .string()
        .check(
          z.describe(
            'HTTP server: variable holding a bearer token, sent as `Authorization: Bearer <token>`.',
          ),
        ),
      http_headers: stringMap.check(z.describe('HTTP server: static headers. Values are never printed.')),
      env_http_headers: stringMap.check(
        z.describe(
          'HTTP server: headers whose value comes from a variable (header = "VAR"); left out when it is unset.',
        ),
      ),
      enabled: z.boolean().check(z.describe('Start this server. Default true.')),
      required: z
        .boolean()
        .check(
          z.describe(
            'A session does not start when this server fails to start. Default false: it is reported and skipped.',
          ),
        ),
      startup_timeout_sec: z
        .number()
        .check(z.positive(), z.describe('Time to start, initialize and list tools, in seconds. Default 30.')),
      startup_timeout_ms: z
        .number()
        .check(
          z.int(),
          z.positive(),
          z.describe("Same as `startup_timeout_sec`, in milliseconds (Codex's older key)."),
        ),
      tool_timeout_sec: z
        .number()
        .check(z.positive(), z.describe('Time one tool call may take, in seconds. Default 120.')),
      enabled_tools: stringList.check(
        z.describe(
          'Only these tools of the server are offered to the model; they are also chosen first when the tool budget is short.',
        ),
      ),
      disabled_tools: stringList.check(
        z.describe('These tools of the server are never offered (applied after `enabled_tools`).'),
      ),
      default_tools_approval_mode: mcpApprovalMode.check(
        z.describe(
          "Approval for this server's tools: `auto` (the default: ask under `untrusted`, `on-request` and `on-failure`, since MCP calls run outside the sandbox), `prompt` (always ask) or `approve` (never ask: the server is trusted).",
        ),
      ),
      tools: z
        .record(z.string(), mcpToolSchema)
        .check(z.describe("Per-tool settings by the server's tool name.")),
    }),
  ),
);

const projectSchema = z.lazy(() =>
  z.partial(
    z.strictObject({
      trust_level: z
        .enum(['trusted', 'untrusted'])
        .check(
          z.describe(
            'Trust decision for this directory (absolute path in the table name). A trusted project may loosen safety settings from its `.ossa/config.toml`.',
          ),
        ),
    }),
  ),
);

const modelFamilySchema = z.lazy(() =>
  z.partial(
    z.strictObject({
      match: z
        .string()
        .check(
          z.describe(
            'Case-insensitive regular expression on the model name (RE2 syntax, matched in linear time: no look-around or back-references; checked when the file is loaded); required for a new family id.',
          ),
        ),
      tool_call_formats: z
        .array(z.enum(TOOL_CALL_FORMATS))
        .check(z.describe('Tool-call markup to recover from the text when the server did not parse it.')),
      send_reasoning_back: z.boolean().check(z.describe('Send the model its reasoning on later requests.')),
      reasoning_field: z
        .enum(['reasoning_content', 'reasoning'])
        .check(z.describe('Chat wire: the assistant-message field reasoning is sent back in.')),
      sampling: z
        .partial(
          z.strictObject({
            temperature: z.number().check(z.describe('Sampling temperature.')),
            top_p: z.number().check(z.describe('Nucleus sampling probability mass.')),
            top_k: z.number().check(z.int(), z.describe('Top-k sampling (servers that accept it).')),
          }),
        )
        .check(z.describe('Sampling defaults sent with each request (`temperature`, `top_p`, `top_k`).')),
    }),
  ),
);

export const configSchema = z.partial(
  z.strictObject({
    model: z
      .string()
      .check(z.minLength(1), z.describe('Model name sent in every request, e.g. `gpt-oss:20b`.')),
    model_provider: z
      .string()
      .check(
        z.minLength(1),
        z.describe(
          'Id of the provider to use: `openai` (default), `ollama`, `lmstudio` or a `[model_providers.<id>]`.',
        ),
      ),
    oss_provider: z
      .enum(LOCAL_PROVIDERS)
      .check(
        z.describe('Local server `--oss` uses when `--local-provider` is not given: `ollama` or `lmstudio`.'),
      ),
    model_reasoning_effort: z
      .string()
      .check(
        z.minLength(1),
        z.describe(
          'Reasoning effort sent with each request (`minimal`, `low`, `medium`, `high`, …). Unset: none is sent.',
        ),
      ),
    model_context_window: z
      .number()
      .check(
        z.int(),
        z.positive(),
        z.describe(
          'Context window of the model in tokens. Unset: taken from the server when it says, else unknown.',
        ),
      ),
    model_auto_compact_token_limit: z
      .number()
      .check(
        z.int(),
        z.positive(),
        z.describe(
          'Prompt tokens past which the older conversation is summarised, at most the window minus the output reserve. Unset: 90% of what the window leaves for history after the instructions and tools (docs/local-models.md, "Context management").',
        ),
      ),
    tool_output_token_limit: z
      .number()
      .check(
        z.int(),
        z.positive(),
        z.describe(
          'Tokens one tool output may take in history; longer output keeps its head and tail and says what was left out. Unset: 10% of the context window, at most 4096.',
        ),
      ),
    approval_policy: z
      .enum(APPROVAL_POLICIES)
      .check(
        z.describe(
          'When to ask before running a command: `untrusted` (all but known-safe reads), `on-request` (when the model asks), `on-failure` (run sandboxed, ask to retry unsandboxed when the sandbox blocks a command), `never`. Default `on-request`, or `untrusted` in a project marked untrusted.',
        ),
      ),
    sandbox_mode: z
      .enum(SANDBOX_MODES)
      .check(
        z.describe(
          'Sandbox for model commands: `read-only`, `workspace-write`, `danger-full-access`. Default `workspace-write` in a directory with a trust decision, else `read-only`.',
        ),
      ),
    sandbox_workspace_write: sandboxWorkspaceWriteSchema.check(
      z.describe('Settings for the `workspace-write` sandbox.'),
    ),
    shell_environment_policy: shellEnvironmentPolicySchema.check(
      z.describe('Which environment variables commands run by the model see.'),
    ),
    mcp_servers: z
      .record(z.string(), mcpServerSchema)
      .check(z.describe('MCP servers whose tools the model may call.')),
    model_providers: z
      .record(z.string(), providerSchema)
      .check(
        z.describe(
          'Custom providers by id. The built-in ids `openai`, `ollama` and `lmstudio` are reserved.',
        ),
      ),
    openai_base_url: z.string().check(z.describe('Base URL of the built-in `openai` provider.')),
    projects: z
      .record(z.string(), projectSchema)
      .check(z.describe('Per-directory settings, keyed by absolute path.')),
    project_doc_max_bytes: count(Number.MAX_SAFE_INTEGER).check(
      z.describe('Byte budget for AGENTS.md project docs; 0 turns them off. Default 32768.'),
    ),
    project_doc_fallback_filenames: stringList.check(
      z.describe('File names tried, in order, when a directory has no AGENTS.md.'),
    ),
    project_root_markers: stringList.check(
      z.describe(
        'Names whose presence marks the project root (for project config and AGENTS.md). Default `[".git"]`; `[]` means the cwd only.',
      ),
    ),
    developer_instructions: z
      .string()
      .check(z.describe('Extra instructions added to the prompt as a developer message.')),
    min_context_window: z
      .number()
      .check(
        z.int(),
        z.positive(),
        z.describe(
          '(ossa) Smallest context window, in tokens, that ossa accepts for agent work without a warning. Default 65536.',
        ),
      ),
    oss_fix_context: z
      .boolean()
      .check(
        z.describe(
          "(ossa) When the local model's context window is below `min_context_window`, fix it without asking (Ollama: create a derived model with a larger `num_ctx`). Same as `--yes`. Default false.",
        ),
      ),
    oss_pull_models: z
      .boolean()
      .check(
        z.describe(
          '(ossa) When the local server does not have the model, download it without asking (Ollama: pull; LM Studio: `lms get`). Same as `--yes`. Default: ask on a terminal, otherwise stop and say how.',
        ),
      ),
    agent_max_steps: z
      .number()
      .check(
        z.int(),
        z.positive(),
        z.describe(
          `(ossa) Model requests allowed in one turn before it stops (a safety net: the repeat guard stops loops earlier). Default ${DEFAULT_AGENT_MAX_STEPS}.`,
        ),
      ),
    model_families: z
      .record(z.string(), modelFamilySchema)
      .check(
        z.describe(
          '(ossa) Per-model-family settings by family id (`gpt-oss`, `qwen3-coder`, `qwen3`, `deepseek`, `mistral`, `llama`, `generic`, or a new id with `match`): tool-call formats to recover, reasoning round trip, sampling.',
        ),
      ),
    profile: z
      .string()
      .check(
        z.describe(
          'Legacy profile selector. Never applied: use `-p NAME`; `ossa profiles migrate` removes it.',
        ),
      ),
    profiles: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .check(
        z.describe(
          'Legacy `[profiles.<name>]` tables. Never applied: `ossa profiles migrate` moves each to `<name>.config.toml`.',
        ),
      ),
  }),
);
