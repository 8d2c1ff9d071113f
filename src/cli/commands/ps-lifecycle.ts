import { imageScope } from "../../git/access-scope.js";
import { SlipwayError } from "../../errors.js";
import { branchHead } from "../../git/branch-head.js";
import { repoPath } from "../../state/paths.js";
import { withAppSession } from "../../release/app-session.js";
import { deploy } from "../../release/deploy.js";
import { liveRelease } from "../../release/live-service-spec.js";
import { startApp, stopApp } from "../../release/stop-app.js";
import { loadApp } from "../../state/app-state.js";
import { appCommand, type Command } from "../command.js";
import { say } from "../../output.js";

/** Stop, start and rebuild: Dokku's ps:stop, ps:start and ps:rebuild. */
export const psLifecycleCommands: Command[] = [
  appCommand({
    usage: "ps:stop APP",
    summary:
      "stop every container; nginx answers 503 saying the app is stopped, across reboots, until ps:start",
    async run({ args: [app], settings }) {
      liveRelease(app);
      await withAppSession(settings, app, () => stopApp(settings, app));
      say.step(`Stopped ${app}; \`ps:start ${app}\` starts it again`);
    },
  }),
  appCommand({
    usage: "ps:start APP",
    summary: "start a stopped app's containers (the same release) and route to them again",
    async run({ args: [app], settings }) {
      const release = liveRelease(app);
      await withAppSession(settings, app, () => startApp(settings, app));
      say.step(`Started ${app} release ${release.number}`);
    },
  }),
  appCommand({
    usage: "ps:rebuild APP",
    summary: "build the deploy branch's head again, without a new commit, and deploy it as a new release",
    async run({ args: [app], settings, pusher, caller }) {
      const branch = loadApp(app)?.deployBranch;
      if (!branch) {
        throw new SlipwayError(
          "not-deployed",
          `${app} has never been pushed, so there is nothing to rebuild`,
          {
            hint: "push to it first: git push <remote> master",
          },
        );
      }
      const repoDir = repoPath(settings, app);
      const release = await withAppSession(settings, app, async () => {
        const sha = await branchHead(repoDir, branch);
        const record = loadApp(app)!; // read again under the lock
        const mayUseImagesOf = imageScope(caller, process.env);
        return deploy(settings, {
          app,
          record,
          sha,
          repoDir,
          pushedBy: pusher,
          cause: "rebuild",
          mayUseImagesOf,
        });
      });
      const url = `http://${app}.${settings.domain}/`;
      say.step(`Deployed ${app} release ${release.number} (rebuilt ${release.sha?.slice(0, 7)}): ${url}`);
    },
  }),
];
