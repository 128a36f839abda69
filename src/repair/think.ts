// `<think>…</think>` reasoning left in the content (Qwen3, DeepSeek-R1, QwQ on servers without a
// reasoning parser). Only a leading block counts, or — when the chat template itself opened the
// block — everything before a lone `</think>` outside code. Later mentions are ordinary text.
import { codeRegions, insideAny } from './code-regions.js';

export interface ThinkSplit {
  text: string;
  reasoning: string;
  kinds: string[];
}

const OPEN = '<think>';
const CLOSE = '</think>';

export function splitThink(text: string): ThinkSplit | undefined {
  const close = text.indexOf(CLOSE);
  const lead = text.length - text.trimStart().length;
  if (text.startsWith(OPEN, lead)) {
    if (close < 0)
      return { text: '', reasoning: text.slice(lead + OPEN.length).trim(), kinds: ['think-unclosed'] };
    return {
      text: text.slice(close + CLOSE.length).trimStart(),
      reasoning: text.slice(lead + OPEN.length, close).trim(),
      kinds: ['think-extracted'],
    };
  }
  if (close < 0 || text.lastIndexOf(OPEN, close) >= 0 || insideAny(close, codeRegions(text)))
    return undefined;
  return {
    text: text.slice(close + CLOSE.length).trimStart(),
    reasoning: text.slice(0, close).trim(),
    kinds: ['think-extracted'],
  };
}
