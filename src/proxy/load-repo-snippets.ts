import { SlipwayError } from "../errors.js";
import { runProgram } from "../system/run-program.js";
import { parseSnippet, type SnippetDirective } from "./parse-snippet.js";

const LEGACY = "nginx-proxy.conf";

/** Every snippet the pushed tree carries (nginx/*.conf, then a legacy nginx-proxy.conf), checked. */
export async function loadRepoSnippets(repoDir: string, sha: string): Promise<SnippetDirective[]> {
  const files = await snippetFiles(repoDir, sha);
  const out: SnippetDirective[] = [];
  for (const file of files) out.push(...parseSnippet(await gitShow(repoDir, `${sha}:${file}`), file));
  return out;
}

async function snippetFiles(repoDir: string, sha: string): Promise<string[]> {
  const res = await runProgram(["git", "ls-tree", "--name-only", sha, "nginx/", LEGACY], { cwd: repoDir });
  if (res.code !== 0) throw new SlipwayError("snippet", `could not list nginx snippets in ${sha}: ${res.stderr.trim()}`);
  const names = res.stdout.split("\n").filter(Boolean);
  return [...names.filter((n) => /^nginx\/[^/]+\.conf$/.test(n)).sort(), ...names.filter((n) => n === LEGACY)];
}

async function gitShow(repoDir: string, object: string): Promise<string> {
  const res = await runProgram(["git", "cat-file", "blob", object], { cwd: repoDir });
  if (res.code !== 0) throw new SlipwayError("snippet", `could not read ${object}: ${res.stderr.trim()}`);
  return res.stdout;
}
