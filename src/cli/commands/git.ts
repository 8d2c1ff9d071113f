import { usageError } from "../../errors.js";
import { setRepoHead } from "../../git/repo.js";
import { repoPath } from "../../state/paths.js";
import { requireApp, saveApp } from "../../state/app-state.js";
import { say } from "../../output.js";
import { appCommand, arg, type Command } from "../command.js";

const BRANCH = /^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]{1,100}$/;

export const gitCommands: Command[] = [
  appCommand({
    usage: "git:set-branch APP BRANCH",
    summary: "choose which branch deploys (the first master or main pushed, by default)",
    args: [arg("BRANCH", parseBranch)],
    // Under the app lock, so a push that is adopting its first deploy branch can't interleave.
    lock: "app",
    async run({ args: [app, branch], settings }) {
      const record = requireApp(app);
      await setRepoHead(repoPath(settings, app), branch);
      saveApp({ ...record, deployBranch: branch });
      say.step(`${app} now deploys pushes to ${branch}`);
    },
  }),
];

function parseBranch(raw: string): string {
  if (!BRANCH.test(raw))
    throw usageError(`invalid branch name ${JSON.stringify(raw)}`, "use a plain branch name such as main");
  return raw;
}
