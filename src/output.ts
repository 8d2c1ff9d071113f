/** Progress for humans goes to stderr, so stdout stays clean for data (`apps:list --json`). */
export const say = {
  step: (msg: string) => process.stderr.write(`-----> ${msg}\n`),
  info: (msg: string) => process.stderr.write(indent(msg)),
  warn: (msg: string) => process.stderr.write(` !     ${msg}\n`),
};

/** Continuation lines line up under the text of a `-----> ` step. */
export function indent(text: string): string {
  return text
    .replace(/\n$/, "")
    .split("\n")
    .map((l) => `       ${l}\n`)
    .join("");
}
