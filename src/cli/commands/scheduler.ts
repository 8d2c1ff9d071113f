import { SlipwayError } from "../../errors.js";
import { say } from "../../output.js";
import { withAppSession } from "../../release/app-session.js";
import { redeploy } from "../../release/redeploy.js";
import { loadApp, saveApp } from "../../state/app-state.js";
import { readClusterState } from "../../state/cluster-state.js";
import { parseScheduler, schedulerOf, type SchedulerName } from "../../state/scheduler-name.js";
import type { Settings } from "../../state/settings.js";
import { appCommand, arg, type Command } from "../command.js";

export const schedulerCommands: Command[] = [
  appCommand({
    usage: "scheduler:set APP swarm|docker",
    summary: "run APP on the cluster's Swarm or on this server alone; a running app moves with zero downtime",
    args: [arg("swarm|docker", parseScheduler)],
    // Like ps:scale: the app's owner picks where it runs; joining machines (cluster:*) stays the operator's.
    scope: { app: 0 },
    async run({ args: [app, choice], settings, pusher }) {
      await setScheduler(settings, app, choice as SchedulerName, pusher);
    },
  }),
];

/** Record the choice and, if the app runs, redeploy it there; a failed move leaves it where it was. */
async function setScheduler(
  settings: Settings,
  app: string,
  scheduler: SchedulerName,
  pusher: string | undefined,
): Promise<void> {
  if (scheduler === "swarm" && !readClusterState())
    throw new SlipwayError("no-cluster", `${app} cannot run on swarm: this server is not a cluster manager`, {
      hint: "run 'slipway cluster:init' first (docs/cluster.md); nothing was changed",
    });
  await withAppSession(settings, app, async () => {
    const record = loadApp(app)!;
    const before = record.scheduler;
    if (schedulerOf(record, settings.scheduler) === scheduler && before) {
      say.step(`${app} already runs on ${scheduler}`);
      return;
    }
    saveApp({ ...record, scheduler });
    if (!record.current) return say.step(`${app} will run on ${scheduler} from its first push`);
    try {
      const release = await redeploy(settings, app, `scheduler ${scheduler}`, pusher);
      say.step(`Release ${release.number}: ${app} now runs on ${scheduler}`);
    } catch (err) {
      saveApp({ ...loadApp(app)!, scheduler: before });
      throw err;
    }
  });
}
