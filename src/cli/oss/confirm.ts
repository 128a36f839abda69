// A yes/no question on the terminal. Only asked when stdin and stderr are a terminal; Enter
// alone means the default shown in capitals.
import { createInterface } from 'node:readline/promises';

import type { Confirm } from '../../app/format.js';

export type { Confirm } from '../../app/format.js';

export function terminalConfirm(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Confirm {
  return async (question, defaultYes) => {
    const readline = createInterface({ input, output });
    try {
      const answer = (await readline.question(`${question} ${defaultYes ? '[Y/n]' : '[y/N]'} `))
        .trim()
        .toLowerCase();
      if (answer === '') return defaultYes;
      return answer === 'y' || answer === 'yes';
    } finally {
      readline.close();
    }
  };
}
