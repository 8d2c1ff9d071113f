import { SlipwayError } from "../errors.js";

const LINE = /^([A-Za-z0-9_-]+)\s*:\s*(.*)$/;

/**
 * Parse a Procfile: one `type: command` per line; blank lines and `#` comments are skipped.
 * A malformed line or a repeated type is an error, since guessing would run the wrong process.
 */
export function parseProcfile(text: string): Record<string, string> {
  const types: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const match = LINE.exec(line);
    if (!match || match[2].trim() === "")
      throw procfileError(i + 1, `expected "type: command", got ${JSON.stringify(line)}`);
    const [, type, command] = match;
    if (Object.hasOwn(types, type)) throw procfileError(i + 1, `process type "${type}" is defined twice`);
    types[type] = command.trim();
  });
  return types;
}

function procfileError(line: number, what: string): SlipwayError {
  return new SlipwayError("procfile", `Procfile line ${line}: ${what}`, {
    hint: "each line is a process type and its command, such as `web: node server.js`",
  });
}
