// smol-toml's syntax errors in plain words: what is wrong at that spot and how to write it. The
// parser's own wording is kept at the end, so it can still be searched for.

export interface TomlProblem {
  /** What is wrong, in words a person who does not know TOML's grammar reads. */
  message: string;
  fix: string;
}

/** `parserMessage` without "Invalid TOML document: "; `line` is the source line, `column` 1-based. */
export function plainTomlProblem(parserMessage: string, line: string, column: number): TomlProblem {
  const said = ` (parser: ${parserMessage})`;
  const rest = line.slice(Math.max(0, column - 1));
  if (/control characters are not allowed in strings/.test(parserMessage)) {
    if (rest.trim() === '') {
      return {
        message: `a string is not closed: its closing quote is missing before the end of the line${said}`,
        fix: 'add the closing quote at the end of the value (a "…" string ends with ", a \'…\' string with \'); use """…""" for text over several lines',
      };
    }
    return {
      message: `a string holds a control character (a tab or another invisible character)${said}`,
      fix: 'write it as an escape inside "…": \\t for a tab, \\u001b for other characters',
    };
  }
  if (/unfinished string/.test(parserMessage)) {
    return {
      message: `a string is not closed before the end of the file${said}`,
      fix: 'add the closing quote at the end of the value',
    };
  }
  if (/invalid value/.test(parserMessage)) {
    const value = rest.trim();
    if (value === '' || value.startsWith('#')) {
      return {
        message: `the key has no value after =${said}`,
        fix: 'write a value after =, e.g. model = "gpt-oss:20b"',
      };
    }
    return {
      message: `\`${value.slice(0, 40)}\` is not a TOML value: text needs quotes${said}`,
      fix: `write it in quotes: ${line.slice(0, column - 1).trimEnd()} "${value.replace(/\s+#.*$/, '').slice(0, 40)}"`,
    };
  }
  if (/trying to redefine an already defined table or value/.test(parserMessage)) {
    return {
      message: `this key or [table] is already defined earlier in the file; TOML allows each only once${said}`,
      fix: 'keep one of the two (the later one is the one that fails), or merge them',
    };
  }
  if (/illegal character in key/.test(parserMessage)) {
    if (/^\s*\[/.test(line) && !line.includes(']')) {
      return { message: `the table header is not closed with ]${said}`, fix: 'close it: [table_name]' };
    }
    return {
      message: `this is not a key = value line${said}`,
      fix: 'write key = value (key names are letters, digits, _ and -; quote others: "my key" = 1), or a [table] header',
    };
  }
  if (/must be followed by an end-of-line/.test(parserMessage)) {
    return {
      message: `something follows the value on the same line${said}`,
      fix: 'one key = value per line; text with spaces goes in quotes, and a comment starts with #',
    };
  }
  if (/expected comma or end of structure/.test(parserMessage)) {
    return {
      message: `an array [ … ] or inline table { … } is not closed, or a comma is missing between its items${said}`,
      fix: 'close it with ] or }, separate items with commas, and keep an inline table { … } on one line',
    };
  }
  if (/incomplete key-value|cannot find end of key/.test(parserMessage)) {
    return {
      message: `a key has no = and value (in an inline table { … } every item is key = value)${said}`,
      fix: 'write key = value, e.g. { name = "My server", base_url = "http://localhost:8000/v1" }',
    };
  }
  if (/unrecognised escape sequence/.test(parserMessage)) {
    return {
      message: `a backslash in a "…" string starts an escape TOML does not know${said}`,
      fix: "write \\\\ for a backslash, or use a '…' string, which has no escapes (good for Windows paths)",
    };
  }
  if (/unfinished numeric value|invalid number/.test(parserMessage)) {
    return {
      message: `the number is not complete${said}`,
      fix: 'write a whole number (65536) or put text in quotes',
    };
  }
  return {
    message: parserMessage,
    fix: 'correct the TOML syntax at that position (strings need quotes, tables need [brackets])',
  };
}
