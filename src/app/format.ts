// What the command line needs to render app results, re-exported so cli/ depends on app/ only:
// token counts, server start hints, and the provisioning callback types it implements.
export { formatTokens } from '../protocol/format-tokens.js';
export type { OllamaProgress } from '../servers/ollama.js';
export type { Confirm } from '../servers/provision/io.js';
export { howToStart } from '../servers/server-kind.js';
