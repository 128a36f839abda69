// The configuration API the rest of ossa calls. Import it lazily from command handlers.

export { credentialVariables } from './credential-variables.js';
export { ConfigError } from './errors.js';
export { noModelError } from './no-model.js';
export { providerSettingsFor, requireApiKey } from './provider-settings.js';
export { BUILT_IN_PROVIDERS, DEFAULT_MIN_CONTEXT_WINDOW, RESERVED_PROVIDER_IDS } from './providers.js';
export { ossaHome, resolveConfig } from './resolve.js';
export type {
  Origin,
  ResolvedConfig,
  ResolveInput,
  SandboxWorkspaceWrite,
  Setting,
  ShellEnvironmentPolicy,
} from './types.js';
