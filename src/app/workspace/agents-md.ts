// `/init`: an AGENTS.md template in the working directory, for the user to fill in. An existing
// file is never overwritten.
import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const AGENTS_MD_TEMPLATE = `# AGENTS.md

Instructions for coding agents working in this repository. Keep it short: every line is sent
with every request.

## Project
- What this project is, in one or two sentences.
- Layout: where the source, tests and docs live.

## Commands
- Install: \`…\`
- Build: \`…\`
- Test: \`…\` (run before saying a change is done)
- Lint / format: \`…\`

## Conventions
- Code style, naming, error handling the project expects.
- Things to avoid (generated files, vendored code, secrets).
`;

export async function createAgentsMd(cwd: string): Promise<string> {
  const path = join(cwd, 'AGENTS.md');
  try {
    await access(path);
    return `${path} already exists; left unchanged.`;
  } catch {
    await writeFile(path, AGENTS_MD_TEMPLATE, { flag: 'wx' });
    return `Created ${path}: fill in the project's commands and conventions (sent to the model with each request).`;
  }
}
