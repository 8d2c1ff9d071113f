import { closestName } from "./closest-name.js";
import { composeKeyMessage } from "./compose-habits.js";
import { isMap, type Node } from "./schema.js";

export type KeyPath = (string | number)[];

export interface TemplateIssue {
  path: KeyPath;
  message: string;
  /** Point at the key itself (unknown keys) rather than its value. */
  atKey?: boolean;
}

/** Every way `value` breaks `node`, collected rather than stopping at the first. */
export function validateAgainst(node: Node, value: unknown, path: KeyPath = []): TemplateIssue[] {
  const own = node.check?.(value);
  if (own) return [{ path, message: own }];
  if (node.either)
    return validateAgainst(
      {
        ...node.either,
        check: undefined,
        doc: node.doc,
        type: node.type,
        items: Array.isArray(value) ? node.either.items : undefined,
      },
      value,
      path,
    );
  if (node.items) return validateList(node, value, path);
  if (node.keys || node.values) {
    if (!isMap(value)) return node.check ? [] : [{ path, message: `must be a map` }];
    return node.keys ? validateKeys(node, value, path) : validateValues(node, value, path);
  }
  return [];
}

function validateList(node: Node, value: unknown, path: KeyPath): TemplateIssue[] {
  if (!Array.isArray(value)) return [{ path, message: "must be a list" }];
  return value.flatMap((item, i) => validateAgainst(node.items!, item, [...path, i]));
}

function validateKeys(node: Node, value: Record<string, unknown>, path: KeyPath): TemplateIssue[] {
  const keys = node.keys!;
  const issues: TemplateIssue[] = (node.required ?? [])
    .filter((k) => !Object.hasOwn(value, k))
    .map((k) => ({ path, message: `missing required key "${k}"` }));
  for (const [k, v] of Object.entries(value)) {
    // hasOwn: `toString` or `constructor` must be unknown keys, not Object.prototype's members.
    if (Object.hasOwn(keys, k)) issues.push(...validateAgainst(keys[k], v, [...path, k]));
    else issues.push({ path: [...path, k], message: unknownKey(k, Object.keys(keys)), atKey: true });
  }
  return issues;
}

function validateValues(node: Node, value: Record<string, unknown>, path: KeyPath): TemplateIssue[] {
  return Object.entries(value).flatMap(([k, v]) => {
    const badKey = node.keyCheck?.(k);
    if (badKey) return [{ path: [...path, k], message: badKey, atKey: true }];
    return validateAgainst(node.values!, v, [...path, k]);
  });
}

function unknownKey(key: string, known: string[]): string {
  const compose = composeKeyMessage(key, known);
  if (compose) return compose;
  const close = closestName(key, known);
  return `unknown key${close ? `; did you mean "${close}"?` : `; known keys: ${known.join(", ")}`}`;
}

export function formatPath(path: KeyPath): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}
