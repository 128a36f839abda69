import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { addMcpServerText, removeMcpServerText } from './mcp-edit.js';
import { rejection, setupResolve } from './test-support.js';

const user = (text: string) => ({ 'home/config.toml': text });

describe('[mcp_servers.<id>]', () => {
  it('types a stdio and an HTTP server with the documented defaults', async () => {
    const { resolve } = await setupResolve(
      user(
        [
          '[mcp_servers.docs]',
          'command = "npx"',
          'args = ["-y", "docs-server"]',
          'env_vars = ["DOCS_TOKEN"]',
          'enabled_tools = ["search"]',
          '[mcp_servers.docs.tools.search]',
          'approval_mode = "approve"',
          '[mcp_servers.web]',
          'url = "http://127.0.0.1:3000/mcp"',
          'bearer_token_env_var = "WEB_TOKEN"',
          'startup_timeout_sec = 2.5',
          'tool_timeout_sec = 10',
          'default_tools_approval_mode = "prompt"',
          'required = true',
        ].join('\n'),
      ),
    );
    const config = await resolve();
    expect(config.mcpServers.docs).toMatchObject({
      transport: {
        kind: 'stdio',
        command: 'npx',
        args: ['-y', 'docs-server'],
        env: {},
        envVars: ['DOCS_TOKEN'],
      },
      enabled: true,
      required: false,
      startupTimeoutMs: 30_000,
      toolTimeoutMs: 120_000,
      enabledTools: ['search'],
      defaultApproval: 'auto',
      toolApproval: { search: 'approve' },
      definedIn: 'user',
    });
    expect(config.mcpServers.web).toMatchObject({
      transport: { kind: 'http', url: 'http://127.0.0.1:3000/mcp', bearerTokenEnvVar: 'WEB_TOKEN' },
      required: true,
      startupTimeoutMs: 2500,
      toolTimeoutMs: 10_000,
      defaultApproval: 'prompt',
    });
  });

  it('rejects a server with both command and url, naming the file and key', async () => {
    const { resolve, home } = await setupResolve(
      user('[mcp_servers.x]\ncommand = "a"\nurl = "http://h/mcp"\n'),
    );
    const error = (await rejection(resolve())) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(`${home}/config.toml`);
    expect(error.message).toContain('both `command` (stdio) and `url` (HTTP)');
  });

  it('rejects a server with neither, and keys of the other transport', async () => {
    const neither = await setupResolve(user('[mcp_servers.x]\nargs = ["a"]\n'));
    expect((await rejection(neither.resolve())).message).toContain('neither `command` nor `url`');
    const mixed = await setupResolve(user('[mcp_servers.x]\nurl = "http://h/mcp"\nenv = { A = "1" }\n'));
    expect((await rejection(mixed.resolve())).message).toContain('applies to stdio servers (`command`)');
    const badUrl = await setupResolve(user('[mcp_servers.x]\nurl = "localhost:3000"\n'));
    expect((await rejection(badUrl.resolve())).message).toContain('must be an http:// or https:// URL');
  });

  it('warns about unknown keys with a did-you-mean, and wrong approval modes are errors', async () => {
    const typo = await setupResolve(user('[mcp_servers.x]\ncomand = "a"\ncommand = "a"\n'));
    const config = await typo.resolve();
    expect(config.warnings.join('\n')).toContain('did you mean `mcp_servers.x.command`?');
    const mode = await setupResolve(
      user('[mcp_servers.x]\ncommand = "a"\ndefault_tools_approval_mode = "yes"\n'),
    );
    expect((await rejection(mode.resolve())).message).toContain('"auto", "prompt", "approve"');
  });

  it('marks a server defined by a trusted project as project-defined', async () => {
    const { resolve, work } = await setupResolve({
      'work/.ossa/config.toml': '[mcp_servers.repo]\ncommand = "./tools/server"\n',
    });
    const untrusted = await resolve();
    expect(untrusted.mcpServers).toEqual({});
    const trusting = await setupResolve({
      'work/.ossa/config.toml': '[mcp_servers.repo]\ncommand = "./tools/server"\n',
    });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      `${trusting.home}/config.toml`,
      `[projects.${JSON.stringify(trusting.work)}]\ntrust_level = "trusted"\n`,
    );
    const trusted = await trusting.resolve();
    expect(trusted.mcpServers.repo).toMatchObject({
      definedIn: 'project',
      definitionFile: `${trusting.work}/.ossa/config.toml`,
    });
    expect(work).toBeTruthy();
  });
});

describe('ossa mcp add / remove edits', () => {
  const file = '/home/u/.ossa/config.toml';

  it('appends the server and keeps every other line', () => {
    const text = '# my config\nmodel = "m"\n\n[mcp_servers.a]\ncommand = "x" # keep\n';
    const next = addMcpServerText(text, file, 'b', { url: 'http://h/mcp' });
    expect(next).toBe(`${text.trimEnd()}\n\n[mcp_servers.b]\nurl = "http://h/mcp"\n`);
    expect(() => addMcpServerText(next, file, 'b', { command: 'y' })).toThrow('already defined');
  });

  it('removes the server and its sub-tables, nothing else', () => {
    const text = [
      'model = "m"',
      '',
      '# the docs server',
      '[mcp_servers.docs]',
      'command = "d"',
      '[mcp_servers.docs.env]',
      'A = "1"',
      '[mcp_servers.docs.tools.search]',
      'approval_mode = "approve"',
      '',
      '[mcp_servers.other]',
      'command = "o" # comment stays',
      '',
    ].join('\n');
    expect(removeMcpServerText(text, file, 'docs')).toBe(
      'model = "m"\n\n[mcp_servers.other]\ncommand = "o" # comment stays\n',
    );
    expect(() => removeMcpServerText(text, file, 'nope')).toThrow(
      'the servers defined here are: docs, other',
    );
  });

  it('refuses to remove a server written as dotted keys it cannot take out by lines', () => {
    const text = 'mcp_servers.docs.command = "d"\n';
    expect(() => removeMcpServerText(text, file, 'docs')).toThrow('by hand');
  });
});
