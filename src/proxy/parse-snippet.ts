import { NginxParser } from "nginx-conf";
import { SlipwayError } from "../errors.js";
import type { SnippetDirective } from "../state/snippet-directive.js";
import { ALLOWED_DIRECTIVES, unsafeArguments } from "./snippet-directives.js";

export type { SnippetDirective };

/** The part of nginx-conf's parse tree we read (its node type is not exported). */
interface NginxParseTreeNode {
  name: string;
  value: string | number | null;
  isBlock: boolean;
  children: NginxParseTreeNode[] | null;
}

// One nginx argument: a quoted string without backslashes or newlines, or a bare word without syntax characters.
const TOKEN = /"[^"\\\n\r]*"|'[^'\\\n\r]*'|[^\s"'\\;{}#]+/y;

/** Parse a snippet file into allowed directives, or throw naming the first offending one. */
export function parseSnippet(text: string, file: string): SnippetDirective[] {
  const tree = parseTree(text, file);
  return (tree.children ?? []).map((node) => checkNode(node, file));
}

function parseTree(text: string, file: string): NginxParseTreeNode {
  let result: NginxParseTreeNode | undefined;
  let failure: Error | null = null;
  new NginxParser().parse(text, (err, tree) => ((failure = err), (result = tree)));
  if (failure || !result)
    throw refuse(file, `it is not valid nginx syntax (${(failure as Error | null)?.message ?? "empty"})`);
  return result;
}

function checkNode(node: NginxParseTreeNode, file: string): SnippetDirective {
  if (node.isBlock)
    throw refuse(file, `block directive "${node.name}" is not allowed; snippets hold simple directives only`);
  return { file, ...checkDirective(node.name, tokenize(String(node.value ?? ""), node.name, file), file) };
}

/** Re-checked at render time too, since the directives come back from state on disk. */
export function checkDirective(name: string, args: string[], file: string): { name: string; args: string[] } {
  if (!ALLOWED_DIRECTIVES.has(name)) throw refuse(file, `directive "${name}" is not allowed in a snippet`);
  for (const arg of args)
    if (tokenize(arg, name, file).length !== 1)
      throw refuse(file, `directive "${name}" has an unsafe argument`);
  const why = unsafeArguments(name, args);
  if (why) throw refuse(file, `directive "${name}" ${why}`);
  return { name, args };
}

function tokenize(value: string, name: string, file: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < value.length) {
    if (/[ \t]/.test(value[i])) {
      i++;
      continue;
    }
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(value);
    if (!m)
      throw refuse(
        file,
        `directive "${name}" has an argument nginx would read as syntax near ${JSON.stringify(value.slice(i, i + 20))}`,
      );
    tokens.push(m[0]);
    i = TOKEN.lastIndex;
  }
  return tokens;
}

function refuse(file: string, why: string): SlipwayError {
  return new SlipwayError("snippet", `nginx snippet ${file} was refused: ${why}`, {
    hint:
      "snippets may only hold location-level directives such as client_max_body_size or add_header, " +
      "acting on the app's own location; see docs/routing.md",
  });
}
