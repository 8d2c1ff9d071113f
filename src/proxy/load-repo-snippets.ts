import { SlipwayError } from "../errors.js";
import { gitQuery } from "../system/git-query.js";
import { parseSnippet, type SnippetDirective } from "./parse-snippet.js";

const LEGACY = "nginx-proxy.conf";
/** Snippets are a few lines; a bigger file is refused before it is read or parsed. */
export const MAX_SNIPPET_BYTES = 256 * 1024;

/** Every snippet the pushed tree carries (nginx/*.conf, then a legacy nginx-proxy.conf), checked. */
export async function loadRepoSnippets(repoDir: string, sha: string): Promise<SnippetDirective[]> {
  const files = await snippetFiles(repoDir, sha);
  const out: SnippetDirective[] = [];
  for (const file of files) {
    await checkSize(repoDir, sha, file);
    out.push(...parseSnippet(await gitShow(repoDir, `${sha}:${file}`), file));
  }
  return out;
}

async function snippetFiles(repoDir: string, sha: string): Promise<string[]> {
  const args = ["ls-tree", "--name-only", sha, "nginx/", LEGACY];
  const listed = await gitQuery(repoDir, args).catch((err: Error) => {
    throw new SlipwayError("snippet", `could not list nginx snippets in ${sha}: ${err.message}`, {
      cause: err,
    });
  });
  const names = listed.split("\n").filter(Boolean);
  return [
    ...names.filter((n) => /^nginx\/[^/]+\.conf$/.test(n)).sort(),
    ...names.filter((n) => n === LEGACY),
  ];
}

async function checkSize(repoDir: string, sha: string, file: string): Promise<void> {
  const size = await gitQuery(repoDir, ["cat-file", "-s", `${sha}:${file}`]).catch((err: Error) => {
    throw new SlipwayError("snippet", `could not read ${sha}:${file}: ${err.message}`, { cause: err });
  });
  const bytes = Number(size.trim());
  if (bytes > MAX_SNIPPET_BYTES) {
    throw new SlipwayError(
      "snippet",
      `${file} is ${bytes} bytes; an nginx snippet may be at most ${MAX_SNIPPET_BYTES} (256 kB)`,
      {
        hint: `make ${file} smaller and push again; nothing was changed`,
      },
    );
  }
}

async function gitShow(repoDir: string, object: string): Promise<string> {
  return gitQuery(repoDir, ["cat-file", "blob", object]).catch((err: Error) => {
    throw new SlipwayError("snippet", `could not read ${object}: ${err.message}`, { cause: err });
  });
}
