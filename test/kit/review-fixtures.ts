// Helpers for `ossa review` tests: real git repositories in temp dirs, an $OSSA_HOME pointing at
// the scripted server with a chosen window, review JSON replies, and the text of the request's
// user message (what the reviewer was shown).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoggedRequest } from './scripted-model-server.js';
import { tempDir, writeFiles } from './workspace.js';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

/** A repository on `main` with `files` committed. */
export function reviewRepo(files: Record<string, string>): string {
  const dir = tempDir('ossa-review-');
  git(dir, 'init', '-q', '-b', 'main');
  writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');
  return dir;
}

export function commitFiles(dir: string, files: Record<string, string>, message: string): string {
  writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', message);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

export function reviewHome(
  url: string,
  options: { wireApi?: 'responses' | 'chat'; window?: number; providerId?: string } = {},
): string {
  const home = tempDir('ossa-review-home-');
  const id = options.providerId ?? 'mock';
  writeFileSync(
    join(home, 'config.toml'),
    [
      'model = "scripted-model"',
      `model_provider = "${id}"`,
      `model_context_window = ${options.window ?? 131072}`,
      `[model_providers.${id}]`,
      'name = "Mock"',
      `base_url = "${url}"`,
      `wire_api = "${options.wireApi ?? 'responses'}"`,
      'request_max_retries = 0',
      '',
    ].join('\n'),
  );
  return home;
}

export interface FindingSpec {
  title: string;
  path: string;
  start: number;
  end?: number;
  priority?: number;
  confidence?: number;
  body?: string;
}

export function reviewJson(
  findings: FindingSpec[],
  verdict: 'patch is correct' | 'patch is incorrect' = findings.length
    ? 'patch is incorrect'
    : 'patch is correct',
  explanation = 'Checked the change.',
): string {
  return JSON.stringify({
    findings: findings.map((f) => ({
      title: f.title,
      body: f.body ?? `Body of ${f.title}.`,
      confidence_score: f.confidence ?? 0.8,
      priority: f.priority ?? 1,
      code_location: { absolute_file_path: f.path, line_range: { start: f.start, end: f.end ?? f.start } },
    })),
    overall_correctness: verdict,
    overall_explanation: explanation,
    overall_confidence_score: 0.7,
  });
}

/** Model requests (POSTs on a wire), without set-up probes. */
export function modelCalls(requests: LoggedRequest[]): LoggedRequest[] {
  return requests.filter((request) => request.wire !== undefined);
}

/** The user messages of a request, in order. */
export function userTexts(request: LoggedRequest): string[] {
  const body = request.body as {
    input?: { type: string; role?: string; content?: { text: string }[] }[];
    messages?: { role: string; content: string }[];
  };
  if (body.input) {
    return body.input
      .filter((item) => item.type === 'message' && item.role === 'user')
      .map((item) => item.content?.map((part) => part.text).join('') ?? '');
  }
  return (body.messages ?? []).filter((m) => m.role === 'user').map((m) => m.content);
}

/** Tool names a request offers. */
export function toolNames(request: LoggedRequest): string[] {
  const body = request.body as { tools?: { name?: string; function?: { name: string } }[] };
  return (body.tools ?? []).map((tool) => tool.name ?? tool.function?.name ?? '?');
}

/** The `diff --git a/X` paths a prompt shows. */
export function diffPaths(prompt: string): string[] {
  return [...prompt.matchAll(/^diff --git a\/(\S+) /gm)].map((match) => match[1]!);
}
