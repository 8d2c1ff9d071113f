import { SlipwayError } from "../errors.js";
import { dockerfileInstructions, type DockerfileInstruction } from "./dockerfile-instructions.js";

/** An image the engine would pull from a registry on the server's own network. */
export interface LocalPull {
  line: number;
  image: string;
}

/**
 * `FROM 127.0.0.1:PORT/x` (or `COPY --from=` an image) makes the engine, on the host, call that
 * port as a registry: an app behind nginx's auth, or slipwayd. Registries named by an IP, by
 * `localhost` or with a port are refused; `ARG` defaults before the first FROM are expanded as
 * the engine expands them (Slipway passes no build args), and what stays unexpanded is refused.
 */
export function findLocalPulls(dockerfile: string): LocalPull[] {
  return pulledImageRefs(dockerfile)
    .filter((p) => p.expanded.includes("$") || localRegistry(p.expanded))
    .map(({ line, image }) => ({ line, image }));
}

/**
 * Every image the Dockerfile makes the engine resolve (FROM, COPY --from), as written and with
 * the global ARG defaults expanded. Stage ARGs are not tracked: COPY --from stays as written.
 */
export function pulledImageRefs(dockerfile: string): (LocalPull & { expanded: string })[] {
  const found: (LocalPull & { expanded: string })[] = [];
  const args = new Map<string, string>();
  let seenFrom = false;
  for (const ins of dockerfileInstructions(dockerfile)) {
    if (ins.keyword === "ARG" && !seenFrom) globalArg(ins.args, args);
    for (const image of pulledImages(ins)) {
      const expanded = ins.keyword === "FROM" ? expand(image, args) : image;
      found.push({ line: ins.line, image, expanded });
    }
    if (ins.keyword === "FROM") seenFrom = true;
  }
  return found;
}

export function refuseLocalPull(dockerfile: string, file: string): void {
  const [first] = findLocalPulls(dockerfile);
  if (!first) return;
  const what = `${file} line ${first.line}: the image ${first.image} is refused`;
  const why = "the engine would pull it from the server's own network";
  throw new SlipwayError("dockerfile-local-pull", `${what}: ${why}`, {
    hint: "use an image from a public registry, or `docker pull` it here and `docker tag` it without its host",
  });
}

/** Image references an instruction makes the engine resolve: FROM's, and COPY's `--from=`. */
function pulledImages(ins: DockerfileInstruction): string[] {
  const words = ins.args.trim().split(/\s+/).filter(Boolean);
  if (ins.keyword === "FROM") return words.filter((w) => !w.startsWith("--")).slice(0, 1);
  if (ins.keyword !== "COPY") return [];
  return words.filter((w) => /^--from=/i.test(w)).map((w) => w.slice("--from=".length));
}

function globalArg(args: string, into: Map<string, string>): void {
  for (const word of args.trim().split(/\s+/).filter(Boolean)) {
    const at = word.indexOf("=");
    if (at < 0) into.set(word, into.get(word) ?? "");
    else into.set(word.slice(0, at), word.slice(at + 1).replace(/^"(.*)"$/, "$1"));
  }
}

/** `$X`, `${X}`, `${X:-word}` and `${X:+word}`, as the engine substitutes them in FROM. */
function expand(text: string, args: Map<string, string>): string {
  return text.replace(/\$\{(\w+)(?::([-+])([^}]*))?\}|\$(\w+)/g, (_m, braced, op, word, bare) => {
    const value = args.get(braced ?? bare) ?? "";
    if (op === "-") return value || word;
    if (op === "+") return value ? word : "";
    return value;
  });
}

/** A registry host (the part before the first `/`, when it looks like a host) on this machine. */
function localRegistry(image: string): boolean {
  const slash = image.indexOf("/");
  if (slash < 0) return false;
  const host = image.slice(0, slash).toLowerCase();
  if (!/[.:]/.test(host) && host !== "localhost") return false;
  return host.includes(":") || host.startsWith("[") || host === "localhost" || /^[\d.]+$/.test(host);
}
