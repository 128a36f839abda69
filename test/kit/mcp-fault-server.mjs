#!/usr/bin/env node
// A small MCP server (stdio, written with the official SDK) for the fault cases the public servers
// do not have: a slow or failing start, a crash in the middle of a call, a call that never
// answers, a tool error, a huge result, terminal escapes in a result, the environment it was
// given, and many tools. Options:
//   --slow-start MS     wait MS before answering anything
//   --exit-at-start     write to stderr and exit 3 before the handshake
//   --tools N           also list N filler tools (`filler_0` … with long descriptions)
//   --starts FILE       append a line to FILE on every start (counts restarts)
import { appendFileSync } from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
// zod/mini, as in src/ (protocol/zod.ts): the SDK takes its schemas as they are.
import * as z from 'zod/mini';

const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};

const startsFile = option('--starts');
if (startsFile) appendFileSync(startsFile, `${process.pid}\n`);
if (args.includes('--exit-at-start')) {
  process.stderr.write('fault-server: cannot open the database /nonexistent/db.sqlite\n');
  process.exit(3);
}
const slowStart = Number(option('--slow-start') ?? 0);
if (slowStart > 0) await new Promise((resolve) => setTimeout(resolve, slowStart));

const server = new McpServer({ name: 'fault-server', version: '1.0.0' });
const text = (value) => ({ content: [{ type: 'text', text: value }] });

server.registerTool(
  'echo',
  {
    description: 'Echo the given text back.',
    inputSchema: { text: z.string().check(z.describe('Text to echo')) },
  },
  async ({ text: value }) => text(`echo: ${value}`),
);
server.registerTool(
  'crash',
  { description: 'Exit the server process in the middle of the call.' },
  async () => {
    process.stderr.write('fault-server: crashing on purpose\n');
    process.exit(1);
  },
);
server.registerTool('hang', { description: 'Never answer.' }, () => new Promise(() => {}));
server.registerTool('fail', { description: 'Report a tool error.' }, async () => ({
  content: [{ type: 'text', text: 'the file /etc/shadow is not readable' }],
  isError: true,
}));
server.registerTool(
  'huge',
  { description: 'Return a huge text result.', inputSchema: { megabytes: z.number() } },
  async ({ megabytes }) => text(`HEAD ${'x'.repeat(Math.floor(megabytes * 1024 * 1024))} TAIL`),
);
server.registerTool('escape', { description: 'Return text with terminal escape sequences.' }, async () =>
  text('safe \u001b]0;pwned title\u0007\u001b[2J\u001b[31mred\u001b[0m \u009b31m end'),
);
server.registerTool('env', { description: 'List the environment variable names the server got.' }, async () =>
  text(Object.keys(process.env).sort().join('\n')),
);
server.registerTool('picture', { description: 'Return an image and a structured result.' }, async () => ({
  content: [{ type: 'image', data: Buffer.alloc(3000, 7).toString('base64'), mimeType: 'image/png' }],
  structuredContent: { width: 10, height: 20 },
}));

const fillers = Number(option('--tools') ?? 0);
const topics = ['invoice', 'calendar', 'weather', 'database', 'ticket', 'repository', 'deployment', 'metric'];
for (let index = 0; index < fillers; index++) {
  const topic = topics[index % topics.length];
  server.registerTool(
    `filler_${index}_${topic}`,
    {
      description: `Look up ${topic} record number ${index}. ${'This tool has a long description that costs tokens. '.repeat(4)}`,
      inputSchema: { id: z.string().check(z.describe(`The ${topic} id`)), verbose: z.optional(z.boolean()) },
    },
    async ({ id }) => text(`${topic} ${id}`),
  );
}

await server.connect(new StdioServerTransport());
process.stderr.write('fault-server: ready\n');
