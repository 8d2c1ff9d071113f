import { SlipwayError } from "../errors.js";
import { say } from "../output.js";
import { deploy } from "../release/deploy.js";
import { loadOrCreateApp, saveApp, type AppRecord } from "../state/app-state.js";
import { withAppSession } from "../release/app-session.js";
import type { Settings } from "../state/settings.js";
import { parseRefUpdates, planRefActions } from "./ref-updates.js";
import { setRepoHead } from "./repo.js";
import { previewRefs, runPreviewRefs } from "./preview-refs.js";
import { repoPath } from "../state/paths.js";
import { savePushOutput } from "../state/push-output.js";
import { capturePushOutput } from "./capture-push-output.js";
import { mayAccess, type AccessScope } from "./access-scope.js";

/** Runs as the repo's pre-receive hook: deploy the deploy branch or reject the whole push. */
export async function handlePreReceive(
  settings: Settings,
  app: string,
  stdin: string,
  pusher?: string,
  scope: AccessScope = { apps: [app] },
): Promise<void> {
  const mayUseImagesOf = (owner: string) => mayAccess(scope, owner);
  await withAppSession(settings, app, async () => {
    const record = loadOrCreateApp(app); // read once for the whole push, under the lock
    const updates = parseRefUpdates(stdin);
    const previews = previewRefs(record, updates); // branch previews (docs/previews.md), after the deploy
    for (const action of planRefActions(updates, record.deployBranch)) {
      if (action.kind === "skip") {
        if (previews.some((p) => p.ref === action.ref)) continue;
        const why = action.deployBranch
          ? `only ${action.deployBranch} deploys`
          : "only master or main can start the first deploy";
        say.step(`Accepted ${action.ref} without deploying: ${why}`);
        continue;
      }
      if (action.kind === "refuse-delete") {
        throw new SlipwayError(
          "delete-deploy-branch",
          `refusing to delete ${action.branch}, the deploy branch of ${app}`,
          {
            hint: `to remove the app, run \`ssh <host> apps:destroy ${app} --force\``,
          },
        );
      }
      if (action.firstDeployBranch) await adoptDeployBranch(settings, record, action.branch);
      const sha = action.update.newSha;
      await keepOutput(record, { by: pusher, sha }, async () => {
        const release = await deploy(settings, {
          app,
          record,
          sha,
          repoDir: repoPath(settings, app),
          pushedBy: pusher,
          mayUseImagesOf,
        });
        say.step(`Deployed ${app} release ${release.number}: http://${app}.${settings.domain}/`);
      });
    }
    await runPreviewRefs(settings, record, previews, pusher, mayUseImagesOf);
  });
}

async function adoptDeployBranch(settings: Settings, record: AppRecord, branch: string): Promise<void> {
  record.deployBranch = branch;
  saveApp(record);
  await setRepoHead(repoPath(settings, record.name), branch);
  say.step(`${branch} is now the deploy branch of ${record.name}`);
}

/** Run one deploy, then keep what it printed under the release number it used (failed ones too). */
async function keepOutput(record: AppRecord, who: { by?: string; sha: string }, run: () => Promise<void>) {
  const before = record.lastRelease;
  const capture = capturePushOutput();
  const save = (ok: boolean, tail = "") => {
    capture.stop();
    if (record.lastRelease === before) return; // refused before a release number was taken
    const push = { release: record.lastRelease, ok, at: new Date().toISOString(), ...who };
    try {
      savePushOutput(record.name, push, capture.text() + tail);
    } catch (err) {
      say.warn(`the output of this push was not kept: ${(err as Error).message}`); // the push itself stands
    }
  };
  try {
    await run();
  } catch (err) {
    const e = err as SlipwayError;
    save(false, ` !     ${e.message}\n${e.hint ? ` !     ${e.hint}\n` : ""}`);
    throw err;
  }
  save(true);
}
