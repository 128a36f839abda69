// An allow-list of a program's options, checked with the option parser's own semantics (GNU
// getopt_long and git's parse-options): short options bundle (`-rn`), a short option that takes
// a value eats the rest of its cluster or the next argument (`-k2`, `-k 2`), long options take
// `--name=value` or `--name value`, and `--` ends the options — anything after it, like every
// positional, is an operand. GNU and git also accept unique *prefixes* of long options
// (`--outp=x` is `--output=x`): here only exact names count, so a prefix is "not known" and the
// user is asked. Pure.

export interface OptionSpec {
  /** Short options without a value. */
  flags?: string;
  /** Short options that take a value (attached or the next argument). */
  valued?: string;
  /** Short options with an optional value, only ever attached (`date -Iseconds`). */
  optionalValued?: string;
  /** Long options without a value (exact names, without the dashes). */
  long?: readonly string[];
  /** Long options that take a value (`--name=value` or `--name value`). */
  longValued?: readonly string[];
  /** `-5` style counts (head, tail, git log). */
  numeric?: boolean;
  /** Checks the operands (non-option arguments). */
  operands?: (operands: readonly string[]) => boolean;
}

/** True when every option in `args` is on the list and the operands pass. */
export function optionsAllowed(args: readonly string[], spec: OptionSpec): boolean {
  const operands: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--') {
      operands.push(...args.slice(index + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [name, value] = splitLong(arg.slice(2));
      if (spec.longValued?.includes(name)) {
        if (value === undefined) index++; // the value is the next argument
      } else if (!(spec.long?.includes(name) && value === undefined)) {
        return false;
      }
    } else if (arg.startsWith('-') && arg !== '-') {
      if (spec.numeric && /^-\d+$/.test(arg)) continue;
      const consumed = shortCluster(arg.slice(1), spec);
      if (consumed === undefined) return false;
      index += consumed;
    } else {
      operands.push(arg);
    }
  }
  return spec.operands ? spec.operands(operands) : true;
}

function splitLong(text: string): [string, string | undefined] {
  const at = text.indexOf('=');
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** How many following arguments the cluster consumes (0 or 1); undefined when not allowed. */
function shortCluster(cluster: string, spec: OptionSpec): number | undefined {
  for (let index = 0; index < cluster.length; index++) {
    const letter = cluster[index]!;
    if (spec.valued?.includes(letter)) return index === cluster.length - 1 ? 1 : 0;
    if (spec.optionalValued?.includes(letter)) return 0;
    if (!spec.flags?.includes(letter)) return undefined;
  }
  return 0;
}
