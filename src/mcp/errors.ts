// Typed MCP failures. A server that cannot start is reported and skipped; only a `required` one
// stops the session, with this error (exit code 1).
import { OssaError } from '../errors.js';

export class McpServerStartError extends OssaError {
  readonly server: string;
  readonly reason: string;
  constructor(server: string, reason: string, options?: ErrorOptions) {
    super(`MCP server \`${server}\` failed to start: ${reason}`, 1, options);
    this.server = server;
    this.reason = reason;
  }
}

export class McpRequiredServerError extends OssaError {
  constructor(server: string, reason: string) {
    super(
      `MCP server \`${server}\` is required (mcp_servers.${server}.required = true) but failed to start: ${reason}. ` +
        `Fix the server, or set required = false to go on without it.`,
    );
  }
}
