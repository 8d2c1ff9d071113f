import { execFile } from "node:child_process";
import { SlipwayError } from "../errors.js";

/**
 * Inside pre-receive, git keeps the pushed objects in quarantine and points its children at them
 * through these variables. Every other GIT_* variable the hook inherited (GIT_DIR among them) is
 * left out, so a query reads the repository it is pointed at and nothing else.
 */
const QUARANTINE_ENV = ["GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_QUARANTINE_PATH"];

function queryEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("GIT_") || QUARANTINE_ENV.includes(name)),
  );
}

/**
 * A read-only git query (ls-tree, cat-file of a text file) in repoDir; its output as text. Binary
 * output (git archive) is spawned directly instead. Not through simple-git: it waits a further
 * 50 ms after any command that printed nothing, and "no such file" is a common answer on a push.
 */
export function gitQuery(repoDir: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      args,
      { cwd: repoDir, env: queryEnv(), encoding: "utf8", maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        const said = (stderr || err.message).trim();
        reject(new SlipwayError("git", `git ${args[0]} failed: ${said}`, { cause: err }));
      },
    );
  });
}
