import { SlipwayError } from "../errors.js";
import { runProgram } from "../system/run-program.js";

/** The commit a branch of a bare repo points at, or a clear error when it has none. */
export async function branchHead(repoDir: string, branch: string): Promise<string> {
  const ref = `refs/heads/${branch}^{commit}`;
  const res = await runProgram(["git", "--git-dir", repoDir, "rev-parse", "--verify", "--quiet", ref]);
  const sha = res.stdout.trim();
  if (res.code !== 0 || !/^[0-9a-f]{40,64}$/.test(sha)) {
    throw new SlipwayError("no-branch", `the repository has no branch ${branch} to build`, {
      hint: `push it first: git push <remote> ${branch}`,
    });
  }
  return sha;
}
