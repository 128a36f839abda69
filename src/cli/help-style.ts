// commander's help and errors in ossa's own style. A subcommand's --help shows its own options
// and says in one line that the global flags work there too, instead of repeating all of them;
// a parse error reads `Error: …` then `fix: …`, like every other ossa error.
import { Command, type Help, type Option } from 'commander';
import { addGlobalFlags } from './global-flags.js';

/** The long names of the global flags (`--model`, `--oss`, …), as commander registered them. */
const GLOBAL_LONG_NAMES = new Set(
  addGlobalFlags(new Command()).options.flatMap((option) => (option.long ? [option.long] : [])),
);

/** commander's Help.visibleOptions without the global flags, on subcommands only. */
export function subcommandVisibleOptions(this: Help, command: Command): Option[] {
  const visible = Object.getPrototypeOf(this).visibleOptions.call(this, command) as Option[];
  if (!command.parent) return visible;
  return visible.filter((option) => !option.long || !GLOBAL_LONG_NAMES.has(option.long));
}

export const GLOBAL_FLAGS_NOTE =
  '\nGlobal options work here too, before or after the subcommand: -m, -p, -c, --oss,\n--local-provider, -s, -a, -C, --add-dir, --yes, --full-auto, … (`ossa --help` lists them).\n';

/** `error: unknown option '--x'` → `Error: unknown option '--x'` + `fix: ossa exec --help …`. */
export function ossaStyleError(text: string, commandPath: string): string {
  const message = text.replace(/^error: /, '').trimEnd();
  return `Error: ${message}\nfix: \`${commandPath} --help\` lists what it accepts\n`;
}

/** The full command name, `ossa debug config`. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current; current = current.parent)
    names.unshift(current.name());
  return names.join(' ');
}
