// Lenient parsing of gpt-oss "harmony" markup that a backend leaked into the content, following
// ../shared/conformance/harmony/README.md: segment at `<|start|>` and at a `<|channel|>` outside a
// header; a message's body ends at `<|end|>`, `<|call|>`, `<|return|>`, the next `<|start|>` or the
// end of the text; the recipient is `to=NAME` anywhere in the header (cut at the first `<|`); a
// header without `<|message|>` is the content. Routing: analysis → reasoning, final and
// recipient-less commentary → visible text, any message with a recipient → a tool call.
import type { ExtractedCall } from './extracted-call.js';

export const HARMONY_TOKEN = /<\|(start|end|message|channel|constrain|return|call)\|>/g;
const LEADING_HARMONY_TOKEN = /^\s*<\|(?:start|channel|message|constrain)\|>/;

export interface HarmonyParse {
  visible: string;
  reasoning: string;
  calls: ExtractedCall[];
  kinds: string[];
}

interface Message {
  /** Raw header (role part and channel part, with `<|channel|>` / `<|constrain|>` kept), or undefined. */
  header: string | undefined;
  inHeader: boolean;
  body: string;
  start: number;
  end: number;
  /** Closed by the end of the text rather than by a token. */
  unterminated?: boolean;
}

export function containsHarmony(text: string): boolean {
  return text.includes('<|') && new RegExp(HARMONY_TOKEN.source).test(text);
}

export function startsWithHarmony(text: string): boolean {
  return LEADING_HARMONY_TOKEN.test(text);
}

export function parseHarmony(text: string): HarmonyParse {
  const messages: Message[] = [];
  let current: Message = { header: undefined, inHeader: false, body: '', start: 0, end: 0 };
  const close = (end: number) => {
    current.end = end;
    if (current.header !== undefined || current.body.trim() !== '') messages.push(current);
  };
  const append = (piece: string) => {
    if (current.inHeader) current.header += piece;
    else current.body += piece;
  };
  let cursor = 0;
  const tokens = new RegExp(HARMONY_TOKEN.source, 'g');
  for (let match = tokens.exec(text); match; match = tokens.exec(text)) {
    append(text.slice(cursor, match.index));
    cursor = match.index + match[0].length;
    switch (match[1]) {
      case 'start':
        close(match.index);
        current = { header: '', inHeader: true, body: '', start: match.index, end: 0 };
        break;
      case 'channel':
        if (current.inHeader) current.header += match[0];
        else {
          close(match.index);
          current = { header: match[0], inHeader: true, body: '', start: match.index, end: 0 };
        }
        break;
      case 'constrain':
        if (current.inHeader) current.header += match[0];
        break;
      case 'message':
        current.inHeader = false;
        break;
      default: // end, call, return
        close(cursor);
        current = { header: undefined, inHeader: false, body: '', start: cursor, end: 0 };
    }
  }
  append(text.slice(cursor));
  current.unterminated = true;
  close(text.length);
  return route(messages, text);
}

function route(messages: Message[], text: string): HarmonyParse {
  const visible: string[] = [];
  const reasoning: string[] = [];
  const calls: ExtractedCall[] = [];
  const kinds = new Set<string>(['harmony-parsed']);
  for (const message of messages) {
    const header = parseHeader(message);
    const content = header.content.trim();
    if (header.role !== 'assistant') {
      kinds.add('harmony-tool-message-dropped');
      continue;
    }
    if (header.recipient && isToolRecipient(header.recipient)) {
      const call: ExtractedCall = {
        format: 'harmony',
        name: header.recipient.replace(/^functions\./, ''),
        arguments: content,
        original: text.slice(message.start, message.end),
      };
      if (message.unterminated) call.kinds = ['unclosed-markup'];
      calls.push(call);
    } else if (header.channel === 'analysis') {
      if (content) reasoning.push(content);
    } else if (header.channel === 'commentary' && /^[{[]/.test(content)) {
      // JSON on commentary with no recipient cannot be routed to a tool, and is not prose either.
      kinds.add('harmony-commentary-without-recipient');
    } else if (content) visible.push(content);
  }
  return { visible: visible.join('\n\n'), reasoning: reasoning.join('\n\n'), calls, kinds: [...kinds] };
}

export interface HarmonyHeader {
  /** `assistant` when the header names no role, or only a recipient (`to=functions.x`). */
  role: string;
  channel?: string;
  recipient?: string;
}

const FIRST_WORD = /^\s*([^\s<]+)/;

/**
 * Role, channel and recipient of a raw header (role part and channel part, tokens kept). Shared
 * with the stream filter, so that what streams is routed the way the final text is.
 */
export function parseHarmonyHeader(header: string): HarmonyHeader {
  const { rolePart, channelPart } = headerParts(header);
  const role = FIRST_WORD.exec(rolePart)?.[1] ?? 'assistant';
  const result: HarmonyHeader = { role: role.startsWith('to=') ? 'assistant' : role };
  const channel = channelPart === undefined ? undefined : FIRST_WORD.exec(channelPart)?.[1];
  if (channel) result.channel = channel;
  const recipient = /to=([^\s<]+)/.exec(header)?.[1];
  if (recipient) result.recipient = recipient;
  return result;
}

/** A recipient that makes the message a tool call (anything but the conversation's own roles). */
export function isToolRecipient(recipient: string): boolean {
  return !['assistant', 'user', 'all'].includes(recipient);
}

function headerParts(header: string): { rolePart: string; channelPart: string | undefined } {
  const channelAt = header.indexOf('<|channel|>');
  if (channelAt < 0) return { rolePart: header, channelPart: undefined };
  return {
    rolePart: header.slice(0, channelAt),
    channelPart: header.slice(channelAt + '<|channel|>'.length),
  };
}

function parseHeader(message: Message): HarmonyHeader & { content: string } {
  if (message.header === undefined) return { role: 'assistant', content: message.body };
  const result = { ...parseHarmonyHeader(message.header), content: message.body };
  if (message.inHeader) {
    // No <|message|>: the rest of the header is the content (harmony's non-strict mode).
    const { rolePart, channelPart } = headerParts(message.header);
    result.content = (channelPart ?? rolePart)
      .replace(FIRST_WORD, '')
      .replace(/to=[^\s<]+/, '')
      .replace(/<\|constrain\|>\s*\S*/, '')
      .trim();
  }
  return result;
}

/**
 * Harmony whose special tokens were dropped by the detokenizer: `analysis…assistantfinal…`.
 * Only for gpt-oss models: everything up to the last `assistantfinal` is reasoning (apart from
 * `assistantcommentary to=functions.x json{…}` calls), the rest is the answer.
 */
export function parseStrippedHarmony(text: string): HarmonyParse | undefined {
  if (!/^\s*analysis/.test(text) || !/assistant(?:final|commentary\s*to=)/.test(text)) return undefined;
  const markers = [...text.matchAll(/assistant(final|commentary|analysis)/g)];
  const reasoning: string[] = [];
  const calls: ExtractedCall[] = [];
  let visible = '';
  const firstEnd = markers[0]?.index ?? text.length;
  reasoning.push(text.slice(text.indexOf('analysis') + 'analysis'.length, firstEnd));
  markers.forEach((marker, index) => {
    const start = marker.index + marker[0].length;
    const end = markers[index + 1]?.index ?? text.length;
    const segment = text.slice(start, end);
    const isLastFinal =
      marker[1] === 'final' && !markers.slice(index + 1).some((later) => later[1] === 'final');
    const call =
      marker[1] === 'commentary' ? /^\s*to=(\S+?)\s*(?:json|code)?\s*(?=[{[])([\s\S]*)$/.exec(segment) : null;
    if (call) {
      calls.push({
        format: 'harmony',
        name: call[1]!.replace(/^functions\./, ''),
        arguments: call[2]!.trim(),
        original: text.slice(marker.index, end),
      });
    } else if (isLastFinal) visible = segment;
    else reasoning.push(segment);
  });
  return {
    visible: visible.trim(),
    reasoning: reasoning
      .map((part) => part.trim())
      .filter(Boolean)
      .join('\n\n'),
    calls,
    kinds: ['harmony-stripped-tokens-heuristic'],
  };
}
