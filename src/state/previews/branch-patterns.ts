import { usageError } from "../../errors.js";

/** A pattern of --branches: branch-name characters, `*` standing for any run of them. */
const PATTERN = /^[A-Za-z0-9._/*-]{1,200}$/;

/** `--branches 'feature/*,fix-*'` as a list of patterns; a bad one is refused with the rule. */
export function parseBranchPatterns(raw: string): string[] {
  const patterns = raw
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const bad = patterns.find((p) => !PATTERN.test(p));
  if (!patterns.length || bad !== undefined) {
    const why = bad ? `: ${JSON.stringify(bad)} is not a branch pattern` : "";
    throw usageError(
      `invalid --branches ${JSON.stringify(raw)}${why}`,
      "give branch names separated by commas, * matching any part: --branches 'feature/*,fix-*' (quoted)",
    );
  }
  return [...new Set(patterns)];
}

/** Whether a branch matches one of the patterns; `*` matches any run of characters, `/` included. */
export function matchesBranch(patterns: string[], branch: string): boolean {
  return patterns.some((p) => {
    const body = p.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
    return new RegExp(`^${body.join(".*")}$`).test(branch);
  });
}
