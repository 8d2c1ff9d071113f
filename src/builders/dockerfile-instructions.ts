/** One logical instruction of a Dockerfile: continuation lines joined, as the engine's parser joins them. */
export interface DockerfileInstruction {
  /** 1-based line the instruction starts on. */
  line: number;
  /** Upper-cased keyword (`ADD`, `RUN`, ...). */
  keyword: string;
  /** Everything after the keyword, continuations joined. */
  args: string;
}

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;

/**
 * Split a Dockerfile the way the classic builder does: parser directives at the top (`escape`),
 * `#` comments, and lines ending in the escape character continued raw onto the next
 * (so `AD\` + `D url` is `ADD url`). Heredoc bodies are not skipped: the classic builder has no
 * heredocs, so each of their lines is an instruction to it.
 */
export function dockerfileInstructions(text: string, escape?: string): DockerfileInstruction[] {
  const e = (escape ?? escapeToken(lines(text))) === "`" ? "`" : "\\\\";
  const continued = new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`);
  const all = lines(text);
  const out: DockerfileInstruction[] = [];
  for (let i = 0; i < all.length; i++) {
    if (skipped(all[i])) continue;
    const start = i;
    let joined = all[i].trimStart();
    let more = continued.test(joined);
    if (more) joined = joined.replace(continued, "$1");
    // Blank and comment lines inside a continuation are dropped; the instruction goes on.
    while (more && i + 1 < all.length) {
      const next = all[++i];
      if (skipped(next)) continue;
      more = continued.test(next);
      joined += more ? next.replace(continued, "$1") : next;
    }
    out.push(splitKeyword(joined, start + 1));
  }
  return out;
}

const lines = (text: string) =>
  text
    .replace(/^\uFEFF/, "")
    .split("\n")
    .map((l) => l.replace(/\r$/, ""));
const skipped = (line: string) => line.trim() === "" || line.trimStart().startsWith("#");

/** The `escape` parser directive, read only where the engine reads it: before anything else. */
export function escapeToken(lines: string[]): string {
  for (const line of lines) {
    const m = DIRECTIVE.exec(line.trim());
    if (!m) return "\\";
    if (m[1].toLowerCase() === "escape" && (m[2] === "`" || m[2] === "\\")) return m[2];
  }
  return "\\";
}

function splitKeyword(joined: string, line: number): DockerfileInstruction {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(joined.trim());
  return { line, keyword: (m?.[1] ?? "").toUpperCase(), args: m?.[2] ?? "" };
}
