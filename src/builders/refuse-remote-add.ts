import { SlipwayError } from "../errors.js";
import { dockerfileInstructions, type DockerfileInstruction } from "./dockerfile-instructions.js";

/** An ADD whose source the engine would fetch itself, from the host's network namespace. */
export interface RemoteAdd {
  line: number;
  source: string;
}

/**
 * The engine downloads `ADD URL` on the host, where loopback services (other apps, slipwayd)
 * answer, so no build network can contain it. A source is refused when it is a URL or could
 * become one: variables, quotes and escapes are expanded by the engine after this check.
 * Both escape characters are tried, so a directive the engine reads differently hides nothing.
 */
export function findRemoteAdds(dockerfile: string): RemoteAdd[] {
  const found = new Map<string, RemoteAdd>();
  for (const escape of ["\\", "`"]) {
    for (const ins of dockerfileInstructions(dockerfile, escape)) {
      for (const source of addSources(ins)) {
        if (fetchable(source, escape)) found.set(`${ins.line}\0${source}`, { line: ins.line, source });
      }
    }
  }
  return [...found.values()].sort((a, b) => a.line - b.line);
}

/** Refuse the push before anything is built; the message names the line and the way round it. */
export function refuseRemoteAdd(dockerfile: string, file: string): void {
  const [first, ...rest] = findRemoteAdds(dockerfile);
  if (!first) return;
  const more = rest.length ? ` (and ${rest.length} more)` : "";
  const what = `${file} line ${first.line}: ADD ${first.source}${more} is refused`;
  const why = "the engine would fetch it from the server itself, where private services answer";
  throw new SlipwayError("dockerfile-remote-add", `${what}: ${why}`, {
    hint:
      "download in a RUN step instead (RUN wget -O /dest URL, or curl -fsSLo /dest URL), " +
      "or commit the file and COPY it; ADD and COPY sources must be plain paths in the repo",
  });
}

/** Sources of ADD (and ONBUILD ADD): every argument but the destination, flags skipped. */
function addSources(ins: DockerfileInstruction): string[] {
  let { keyword, args } = ins;
  if (keyword === "ONBUILD") {
    const m = /^(\S+)\s*([\s\S]*)$/.exec(args.trim());
    [keyword, args] = [(m?.[1] ?? "").toUpperCase(), m?.[2] ?? ""];
  }
  if (keyword !== "ADD") return [];
  const words = jsonWords(args) ?? args.trim().split(/\s+/).filter(Boolean);
  const at = words.findIndex((w) => !w.startsWith("--"));
  const operands = at < 0 ? [] : words.slice(at);
  return operands.length > 1 ? operands.slice(0, -1) : operands;
}

/** The exec (JSON array) form, decoded as the engine decodes it; undefined for the shell form. */
function jsonWords(args: string): string[] | undefined {
  if (!args.trim().startsWith("[")) return undefined;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((w) => typeof w === "string") ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function fetchable(source: string, escape: string): boolean {
  if (/[$"']/.test(source) || source.includes(escape)) return true;
  return /:\/\/|^git@/i.test(source);
}
