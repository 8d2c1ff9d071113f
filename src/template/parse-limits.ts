import yaml from "js-yaml";

/** Every template input (push, stdin, API body) and every nginx snippet is at most this big. */
export const MAX_TEMPLATE_BYTES = 256 * 1024;
/** A template that reuses parts through anchors needs a handful of aliases; a billion-laughs document needs many. */
export const MAX_ALIASES = 50;
/** Values the document holds once every alias is expanded; real templates hold a few hundred. */
export const MAX_EXPANDED_VALUES = 50_000;

/** The part of js-yaml's parser state its listener sees that we need. */
interface ParserState {
  kind: string | null;
  result: unknown;
  position: number;
  input: string;
}

/**
 * A parse listener that stops the parser at the alias past MAX_ALIASES, before anything expands it.
 * js-yaml leaves `kind` unset for an alias node only (an empty node has no result either).
 */
export function aliasCounter(): (event: "open" | "close", state: ParserState) => void {
  let aliases = 0;
  const opened: number[] = [];
  return (event, state) => {
    if (event === "open") return void opened.push(state.position);
    const start = opened.pop() ?? 0;
    if (state.kind !== null || state.result === null || state.result === undefined) return;
    if (++aliases <= MAX_ALIASES) return;
    throw new yaml.YAMLException(
      `uses more than ${MAX_ALIASES} YAML aliases (*name); write the repeated parts out`,
      markAt(state.input, start),
    );
  };
}

/** js-yaml's 0-based line and column of the first character at or after `offset` that is not blank. */
function markAt(input: string, offset: number): yaml.Mark {
  while (offset < input.length && /[ \t\r\n]/.test(input[offset])) offset++;
  const before = input.slice(0, offset);
  return { line: before.split("\n").length - 1, column: offset - before.lastIndexOf("\n") - 1 } as yaml.Mark;
}

/** How many values `value` holds with aliases expanded; each shared node is sized once, so this is linear. */
export function expandedSize(value: unknown, seen = new Map<object, number>()): number {
  if (typeof value !== "object" || value === null) return 1;
  const known = seen.get(value);
  if (known !== undefined) return known;
  const children = Array.isArray(value) ? value : Object.values(value);
  const size = children.reduce((sum: number, child) => sum + expandedSize(child, seen), 1);
  seen.set(value, size);
  return size;
}

/** Why a template text is refused before parsing, if it is. */
export function oversizeReason(text: string): string | undefined {
  const bytes = Buffer.byteLength(text, "utf8");
  return bytes > MAX_TEMPLATE_BYTES
    ? `is ${bytes} bytes; a template may be at most ${MAX_TEMPLATE_BYTES} (256 kB)`
    : undefined;
}

/** yaml.load for any YAML a user sends, bounded like a template: few aliases, a bounded expansion. */
export function loadBoundedYaml(text: string): unknown {
  const value = yaml.load(text, { listener: aliasCounter() } as yaml.LoadOptions);
  if (expandedSize(value) > MAX_EXPANDED_VALUES) {
    throw new yaml.YAMLException(
      `expands to more than ${MAX_EXPANDED_VALUES} values through YAML aliases; write the repeated parts out`,
    );
  }
  return value;
}
