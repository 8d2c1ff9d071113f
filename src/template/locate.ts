import yaml from "js-yaml";
import { aliasCounter } from "./parse-limits.js";
import type { KeyPath } from "./validate.js";

/** A YAML node's place in the text; maps keep their keys' places too, so errors can point at either. */
interface Located {
  start: number;
  kind: string;
  /** Scalars only: the value as text, to match map keys. */
  text?: string;
  children: Located[];
}

export interface Position {
  line: number;
  column: number;
}

/**
 * Parse YAML and remember where every node starts. js-yaml exposes positions only through its
 * parse listener, which fires open/close around every node, keys included.
 */
export function loadWithPositions(text: string): {
  value: unknown;
  locate: (path: KeyPath, atKey?: boolean) => Position;
} {
  const root: Located = { start: 0, kind: "root", children: [] };
  const stack = [root];
  const countAliases = aliasCounter();
  const listener = (event: "open" | "close", state: Parameters<typeof countAliases>[1]) => {
    countAliases(event, state);
    if (event === "open") {
      const node: Located = { start: state.position, kind: "", children: [] };
      stack[stack.length - 1].children.push(node);
      stack.push(node);
    } else {
      const node = stack.pop()!;
      node.kind = state.kind ?? "";
      if (node.kind === "scalar") node.text = String(state.result);
    }
  };
  const value = yaml.load(text, { listener } as yaml.LoadOptions);
  return {
    value,
    locate: (path, atKey) =>
      path.length ? toPosition(text, find(unwrap(root.children[0]), path, atKey)) : { line: 1, column: 1 },
  };
}

/** Block-context nodes can wrap a flow node of the same kind; the inner one holds the children. */
function unwrap(node: Located | undefined): Located | undefined {
  while (node && node.children.length === 1 && node.children[0].kind === node.kind && node.kind !== "scalar")
    node = node.children[0];
  return node;
}

function find(node: Located | undefined, path: KeyPath, atKey?: boolean): number {
  let current = node;
  let best = node?.start ?? 0;
  for (let i = 0; i < path.length && current; i++) {
    const last = i === path.length - 1;
    const step = path[i];
    if (typeof step === "number") {
      current = unwrap(current.children[step]);
    } else {
      const pairIndex = keyIndex(current, step);
      if (pairIndex < 0) break;
      const value = unwrap(current.children[pairIndex + 1]);
      // An empty value (`web:` and a newline) starts on the next line; the key is the better place.
      if ((last && atKey) || !value || isImplicitNull(value)) return current.children[pairIndex].start;
      best = current.children[pairIndex].start;
      current = value;
    }
    if (current) best = current.start;
  }
  return best;
}

/** Index of a key among a mapping's alternating key/value children, or -1. */
function keyIndex(map: Located, key: string): number {
  for (let i = 0; i < map.children.length; i += 2) {
    const k = map.children[i];
    if (k && k.kind === "scalar" && k.text === key) return i;
  }
  return -1;
}

/** js-yaml reports an empty value as a node of no kind, placed after the line break. */
function isImplicitNull(node: Located): boolean {
  return node.kind === "";
}

function toPosition(text: string, offset: number): Position {
  // Listener positions can sit on the whitespace before a value.
  while (offset < text.length && /[ \t\r\n]/.test(text[offset])) offset++;
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}
