// The text form of the MCP status, for the CLI (which may not import mcp/ itself).
export { renderMcpStatus } from '../../mcp/status.js';
