import { SlipwayError } from "../errors.js";
import { say } from "../output.js";
import { deploy } from "../release/deploy.js";
import { loadOrCreateApp, saveApp } from "../state/app-state.js";
import { withAppSession } from "../release/app-session.js";
import type { Settings } from "../state/settings.js";
import { parseRefUpdates, planRefActions } from "./ref-updates.js";
import { setRepoHead } from "./repo.js";
import { repoPath } from "../state/paths.js";

/** Runs as the repo's pre-receive hook: deploy the deploy branch or reject the whole push. */
export async function handlePreReceive(settings: Settings, app: string, stdin: string): Promise<void> {
  await withAppSession(settings, app, async () => {
    const record = loadOrCreateApp(app);
    for (const action of planRefActions(parseRefUpdates(stdin), record.deployBranch)) {
      if (action.kind === "skip") {
        const why = action.deployBranch ? `only ${action.deployBranch} deploys` : "only master or main can start the first deploy";
        say.step(`Accepted ${action.ref} without deploying: ${why}`);
        continue;
      }
      if (action.kind === "refuse-delete") {
        throw new SlipwayError("delete-deploy-branch", `refusing to delete ${action.branch}, the deploy branch of ${app}`, {
          hint: `to remove the app, run \`ssh <host> apps:destroy ${app} --force\``,
        });
      }
      if (action.firstDeployBranch) await adoptDeployBranch(settings, app, action.branch);
      const release = await deploy(settings, { app, sha: action.update.newSha, repoDir: repoPath(settings, app), pushedBy: process.env.SLIPWAY_KEY });
      say.step(`Deployed ${app} release ${release.number}: http://${app}.${settings.domain}/`);
    }
  });
}

async function adoptDeployBranch(settings: Settings, app: string, branch: string): Promise<void> {
  const record = loadOrCreateApp(app);
  record.deployBranch = branch;
  saveApp(record);
  await setRepoHead(repoPath(settings, app), branch);
  say.step(`${branch} is now the deploy branch of ${app}`);
}
