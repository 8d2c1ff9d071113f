import yaml from "js-yaml";
import { SlipwayError } from "../errors.js";
import { loadWithPositions } from "./locate.js";
import { normalizeTemplate, type NormalizeOptions } from "./normalize.js";
import { expandedSize, MAX_EXPANDED_VALUES, oversizeReason } from "./parse-limits.js";
import { templateSchema } from "./schema.js";
import type { Template } from "./template.js";
import { formatPath, validateAgainst, type TemplateIssue } from "./validate.js";

/** Parse and check a template; every problem is reported at once, each with file:line:column and key path. */
export function loadTemplate(text: string, file = "slipway.yml", options: NormalizeOptions = {}): Template {
  const oversize = oversizeReason(text);
  if (oversize) throw templateError(file, [`${file} ${oversize}`]);
  let parsed: ReturnType<typeof loadWithPositions>;
  try {
    parsed = loadWithPositions(text);
  } catch (err) {
    throw yamlSyntaxError(err, file, text);
  }
  const value = parsed.value ?? {}; // an empty file (or only comments) is a template missing its services
  if (expandedSize(value) > MAX_EXPANDED_VALUES) {
    const problem = `expands to more than ${MAX_EXPANDED_VALUES} values through YAML aliases; write the repeated parts out`;
    throw templateError(file, [`${file}:1:1 ${problem}`]);
  }
  const schemaIssues = validateAgainst(templateSchema, value);
  const { template, issues } = checkReferences(value, file, schemaIssues, options);
  if (issues.length || !template)
    throw templateError(
      file,
      issues
        .map((i) => describe(i, file, parsed.locate))
        .sort(byPosition)
        .map((d) => d.text),
    );
  return template;
}

/**
 * Cross-references (depends_on, publish, route) are checked even when the shape has problems, so
 * one push shows everything; only those under a part that is already wrong are dropped.
 */
function checkReferences(
  value: unknown,
  file: string,
  schemaIssues: TemplateIssue[],
  options: NormalizeOptions,
): { template?: Template; issues: TemplateIssue[] } {
  if (!schemaIssues.length) return normalizeTemplate(value as Record<string, unknown>, file, options);
  const broken = schemaIssues.map((i) => formatPath(i.path));
  try {
    const { issues } = normalizeTemplate(value as Record<string, unknown>, file, options);
    const extra = issues.filter(
      (i) => !broken.some((b) => formatPath(i.path).startsWith(b) || b.startsWith(formatPath(i.path))),
    );
    return { issues: [...schemaIssues, ...extra] };
  } catch {
    return { issues: schemaIssues };
  }
}

function describe(
  issue: TemplateIssue,
  file: string,
  locate: ReturnType<typeof loadWithPositions>["locate"],
) {
  const { line, column } = locate(issue.path, issue.atKey);
  const where = issue.path.length ? ` ${formatPath(issue.path)}:` : "";
  return { line, column, text: `${file}:${line}:${column}${where} ${issue.message}` };
}

const byPosition = (a: { line: number; column: number }, b: { line: number; column: number }) =>
  a.line - b.line || a.column - b.column;

function yamlSyntaxError(err: unknown, file: string, text: string): SlipwayError {
  if (!(err instanceof yaml.YAMLException)) throw err;
  const mark = err.mark ?? secondDocument(text);
  const where = mark ? `${file}:${mark.line + 1}:${mark.column + 1}` : file;
  return templateError(file, [`${where} ${err.reason || "is not valid YAML"}`]);
}

/** js-yaml gives no position when a file holds several documents; point at the second one. */
function secondDocument(text: string): { line: number; column: number } | undefined {
  const lines = text.split("\n");
  const markers = lines.flatMap((l, i) => (/^---(\s|$)/.test(l) ? [i] : []));
  const contentBeforeFirst = lines
    .slice(0, markers[0] ?? 0)
    .some((l) => l.trim() && !l.trim().startsWith("#"));
  const line = contentBeforeFirst ? markers[0] : markers[1];
  return line === undefined ? undefined : { line, column: 0 };
}

export function templateError(file: string, lines: string[]): SlipwayError {
  const count = lines.length === 1 ? "a problem" : `${lines.length} problems`;
  return new SlipwayError("bad-template", `${file} has ${count}:\n${lines.map((l) => `  ${l}`).join("\n")}`, {
    hint: `fix ${file} and push again; docs/template.md lists every key. Nothing was changed on the server`,
  });
}
