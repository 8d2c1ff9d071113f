import { usageError } from "../../errors.js";
import { parseAppName } from "../../state/app-name.js";
import { setRepoHead } from "../../git/repo.js";
import { repoPath } from "../../state/paths.js";
import { withAppLock } from "../../state/app-lock.js";
import { requireApp, saveApp } from "../../state/app-state.js";
import { say } from "../../output.js";
import type { Command } from "../command.js";

const BRANCH = /^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]{1,100}$/;

export const gitCommands: Command[] = [
  {
    name: "git:set-branch",
    usage: "git:set-branch APP BRANCH",
    summary: "choose which branch deploys (the first master or main pushed, by default)",
    remote: true,
    scope: { app: 0 },
    async run({ args, settings }) {
      if (args.length !== 2) throw usageError("git:set-branch takes APP and BRANCH", "slipway git:set-branch myapp production");
      const app = parseAppName(args[0]);
      if (!BRANCH.test(args[1])) throw usageError(`invalid branch name ${JSON.stringify(args[1])}`, "use a plain branch name such as main");
      // Under the app lock, so a push that is adopting its first deploy branch can't interleave.
      await withAppLock(settings, app, async () => {
        const record = requireApp(app);
        await setRepoHead(repoPath(settings, app), args[1]);
        saveApp({ ...record, deployBranch: args[1] });
      });
      say.step(`${app} now deploys pushes to ${args[1]}`);
    },
  },
];
