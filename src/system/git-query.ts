import { simpleGit, type SimpleGit } from "simple-git";
import { SlipwayError } from "../errors.js";

/**
 * Inside pre-receive, git keeps the pushed objects in quarantine and points its children at them
 * through these variables; simple-git drops every ambient GIT_* variable unless it is allowed here.
 */
const QUARANTINE_ENV = ["GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_QUARANTINE_PATH"];

/**
 * A read-only git query (ls-tree, cat-file of a text file) in repoDir; its output as text. Binary
 * output (git archive) is spawned directly instead: simple-git decodes output as a string.
 */
export async function gitQuery(repoDir: string, args: string[]): Promise<string> {
  try {
    return await gitIn(repoDir).raw(args);
  } catch (err) {
    const said = String((err as Error).message).trim();
    throw new SlipwayError("git", `git ${args[0]} failed: ${said}`, { cause: err });
  }
}

function gitIn(repoDir: string): SimpleGit {
  return simpleGit({ baseDir: repoDir, allowEnvironment: QUARANTINE_ENV });
}
