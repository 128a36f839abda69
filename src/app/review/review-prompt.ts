// What the reviewer is asked: review guidelines in the spirit of Codex's review prompt (flag
// only actionable bugs the change introduces, priority tags, exact locations), the change (or one
// part of it), what else the change holds that this part does not show, and the answer's shape.
// The user's own instructions (`[PROMPT]`) come after the guidelines.
import type { ReviewChunk } from './plan-parts.js';

export interface PromptInput {
  root: string;
  description: string;
  title?: string;
  instructions?: string;
  chunks: ReviewChunk[];
  part?: { index: number; count: number; otherFiles: string[] };
  /** Files of the change not sent at all, with the reason. */
  skipped: { path: string; reason: string }[];
}

const GUIDELINES = `You are reviewing a code change made by another engineer. Report the issues the author would want to fix before merging.

Flag an issue only when it:
- affects correctness, security, performance, reliability or maintainability in a way that matters;
- is introduced by this change (not a problem the code already had);
- is discrete and actionable, and the author would likely fix it if told;
- does not rest on guesses about intent or about code you have not seen. You may read files with the shell tool (read-only) to check a claim, e.g. \`sed -n 1,80p path\` or \`grep -n name path\`.

For each finding: a short imperative title starting with its priority tag — [P0] drop everything (blocks release), [P1] urgent, [P2] normal, [P3] nice to have — a body of one paragraph saying why it is a problem and when it shows, a confidence between 0 and 1, the same priority as a number (0–3), and the location: the file's absolute path and the line range in the NEW version of the file (the \`+\` side of the diff), kept as short as possible and overlapping the change. Do not report style nits. If nothing is worth flagging, return no findings.

Then the verdict: "patch is correct" when the change has no blocking issue (nits do not count), else "patch is incorrect", with a one-to-three sentence explanation and your confidence in it.`;

const SHAPE = `{"findings":[{"title":"[P1] …","body":"…","confidence_score":0.8,"priority":1,"code_location":{"absolute_file_path":"/abs/path","line_range":{"start":10,"end":12}}}],"overall_correctness":"patch is correct","overall_explanation":"…","overall_confidence_score":0.8}`;

export function reviewPrompt(input: PromptInput): string {
  const sections = [GUIDELINES];
  if (input.instructions?.trim())
    sections.push(`Additional instructions from the user:\n${input.instructions.trim()}`);
  const what = [`Change under review: ${input.description}.`];
  if (input.title) what.push(`Title: ${input.title}`);
  what.push(`Repository root: ${input.root} (paths in the diff are relative to it).`);
  if (input.part) {
    what.push(
      `The change is too large for one request, so it is reviewed in ${input.part.count} parts; this is part ${input.part.index}. Review only what this part shows; the verdict is about this part.`,
    );
    if (input.part.otherFiles.length > 0)
      what.push(`Files in the other parts: ${listed(input.part.otherFiles)}.`);
  }
  const split = input.chunks.filter((chunk) => chunk.piece);
  for (const chunk of split) {
    what.push(
      `${chunk.file.path} is shown in pieces; this is piece ${chunk.piece!.index} of ${chunk.piece!.count} (some of its hunks only).`,
    );
  }
  if (input.skipped.length > 0) {
    what.push(
      `Changed but not shown (not reviewed): ${listed(input.skipped.map((file) => `${file.path} (${file.reason})`))}.`,
    );
  }
  sections.push(what.join('\n'));
  sections.push(`The diff:\n\`\`\`diff\n${input.chunks.map((chunk) => chunk.text).join('')}\`\`\``);
  sections.push(`Answer with only a JSON object of this shape (no prose, no code fence):\n${SHAPE}`);
  return sections.join('\n\n');
}

/** The follow-up when a reply could not be used: the exact problem, and the shape again. */
export function retryPrompt(problem: string): string {
  return `Your reply could not be used: ${problem}. Answer again with only the JSON object (no prose, no code fence), in this shape:\n${SHAPE}`;
}

const MAX_LISTED = 40;

function listed(items: string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(', ');
  return items.length > MAX_LISTED ? `${shown} and ${items.length - MAX_LISTED} more` : shown;
}
