// A provider's base_url is the OpenAI-compatible root (`http://localhost:11434/v1`); the servers'
// own management APIs (`/api/tags`, `/props`, `/api/v0/models`) live at the server root.

/** `http://host:11434/v1/` → `http://host:11434`. Anything after `/v1` is dropped too. */
export function serverRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  const index = trimmed.search(/\/v1(\/|$)/);
  return index >= 0 ? trimmed.slice(0, index) : trimmed;
}

/** `root` + `/path`, with exactly one slash between them. */
export function joinUrl(root: string, path: string): string {
  return `${root.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** The OpenAI-compatible base URL of a server root: `http://host:1234` → `http://host:1234/v1`. */
export function openAiBaseUrl(root: string): string {
  return joinUrl(root, 'v1');
}
