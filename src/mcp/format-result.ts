// An MCP tool result as the text the model reads (and the TUI and exec show): text blocks as they
// are, structured content as compact JSON when there is no text saying the same, images, audio and
// binary resources summarised by type and size (a small model cannot use base64), `isError` as a
// tool failure. Everything is capped like a command's output and stripped of terminal control
// sequences: the server is not trusted to decide what the user's terminal does.
import { HeadTailBuffer } from '../sandbox/output-buffer.js';
import { MODEL_OUTPUT_BYTES } from '../tools/shell/tool.js';
import { plainText } from './plain-text.js';

export interface FormattedResult {
  output: string;
  success: boolean;
  /** Bytes of result text dropped by the cap. */
  omittedBytes: number;
}

type Block = Record<string, unknown> & { type?: unknown };

export function formatToolResult(result: unknown, maxBytes = MODEL_OUTPUT_BYTES): FormattedResult {
  const record = (isObject(result) ? result : {}) as {
    content?: unknown;
    structuredContent?: unknown;
    isError?: unknown;
    toolResult?: unknown;
  };
  const parts: string[] = [];
  const content = Array.isArray(record.content) ? (record.content as Block[]) : [];
  for (const block of content) parts.push(describeBlock(block));
  const hasText = content.some((block) => block.type === 'text');
  if (record.structuredContent !== undefined && !hasText) parts.push(compactJson(record.structuredContent));
  // Servers of protocol 2024-10-07 answer with `toolResult`.
  if (content.length === 0 && record.toolResult !== undefined) parts.push(compactJson(record.toolResult));

  const failed = record.isError === true;
  const body = parts.filter((part) => part !== '').join('\n');
  const text = body === '' ? '(the tool returned no content)' : body;
  const buffer = new HeadTailBuffer(maxBytes);
  buffer.push(Buffer.from(plainText(text)));
  const capped = buffer.text();
  return {
    output: failed ? `The tool reported an error:\n${capped}` : capped,
    success: !failed,
    omittedBytes: buffer.omittedBytes,
  };
}

function describeBlock(block: Block): string {
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string' ? block.text : '';
    case 'image':
    case 'audio':
      return `[${block.type}: ${mime(block)}, ${size(base64Bytes(block.data))}]`;
    case 'resource_link':
      return `[resource link: ${String(block.uri ?? '')}${block.name ? ` (${String(block.name)})` : ''}${block.mimeType ? `, ${String(block.mimeType)}` : ''}]`;
    case 'resource': {
      const resource = isObject(block.resource) ? block.resource : {};
      const uri = String(resource.uri ?? '');
      if (typeof resource.text === 'string') return `[resource ${uri}]\n${resource.text}`;
      return `[resource ${uri}: ${mime(resource)}, ${size(base64Bytes(resource.blob))}]`;
    }
    default:
      return `[${typeof block.type === 'string' ? block.type : 'unknown'} content]`;
  }
}

function mime(record: Record<string, unknown>): string {
  return typeof record.mimeType === 'string' ? record.mimeType : 'unknown type';
}

function base64Bytes(data: unknown): number {
  if (typeof data !== 'string') return 0;
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((data.length * 3) / 4) - padding);
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function compactJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '[structured content that is not JSON]';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
