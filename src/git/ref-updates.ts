export interface RefUpdate {
  oldSha: string;
  newSha: string;
  ref: string;
}

export type RefAction =
  | { kind: "deploy"; update: RefUpdate; branch: string; firstDeployBranch: boolean }
  | { kind: "refuse-delete"; branch: string }
  | { kind: "skip"; ref: string; deployBranch: string | undefined };

const ZERO = /^0+$/;
const DEFAULT_BRANCHES = ["master", "main"];

/** Parse pre-receive's stdin: one "<old> <new> <ref>" line per updated ref. */
export function parseRefUpdates(stdin: string): RefUpdate[] {
  return stdin
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => {
      const [oldSha, newSha, ref] = l.trim().split(/\s+/);
      return { oldSha, newSha, ref };
    });
}

/**
 * Decide what each ref update means. Only the deploy branch deploys; until one is set,
 * the first master or main pushed becomes it. At most one deploy per push.
 */
export function planRefActions(updates: RefUpdate[], deployBranch: string | undefined): RefAction[] {
  let branch = deployBranch;
  let deploying = false;
  return updates.map((update): RefAction => {
    const name = update.ref.startsWith("refs/heads/") ? update.ref.slice("refs/heads/".length) : undefined;
    const first = branch === undefined && name !== undefined && DEFAULT_BRANCHES.includes(name);
    if (first) branch = name;
    if (name === undefined || name !== branch || deploying)
      return { kind: "skip", ref: update.ref, deployBranch: branch };
    if (ZERO.test(update.newSha)) return { kind: "refuse-delete", branch: name };
    deploying = true;
    return { kind: "deploy", update, branch: name, firstDeployBranch: first };
  });
}
