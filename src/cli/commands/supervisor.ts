import { docker } from "../../engine/docker.js";
import { jobOwners } from "../../engine/supervisors/supervise.js";
import { parseSupervisor } from "../../state/supervisor-name.js";
import { switchSupervisor } from "../../release/switch-supervisor.js";
import { listApps } from "../../state/app-state.js";
import { say } from "../../output.js";
import { arg, localCommand, type Command } from "../command.js";

export const supervisorCommands: Command[] = [
  localCommand({
    usage: "supervisor:set docker|systemd|upstart",
    summary: "hand every app's running containers to another supervisor without stopping them",
    args: [arg("docker|systemd|upstart", parseSupervisor)],
    async run({ args: [choice], settings }) {
      const target = parseSupervisor(choice);
      const apps = listApps().map((a) => a.name);
      say.step(
        `Handing ${apps.length ? apps.join(", ") : "no apps"} from ${settings.supervisor} to ${target}`,
      );
      await switchSupervisor(settings, target, apps);
      say.step(`Supervisor is now ${target}; new deploys use it`);
    },
  }),
  localCommand({
    usage: "supervisor:report [--json]",
    summary: "the supervisor setting, and what keeps each live container running",
    args: [],
    table: ["app", "service", "container", "state", "restart", "jobs"],
    async run({ flags, settings }) {
      const engine = await docker();
      const rows = [];
      for (const app of listApps()) {
        for (const [service, state] of Object.entries(app.current?.services ?? {})) {
          for (const c of state.containers) {
            const info = await engine
              .getContainer(c.id)
              .inspect()
              .catch(() => undefined);
            rows.push({
              app: app.name,
              service,
              container: c.name,
              state: info?.State.Status ?? "missing",
              restart: info?.HostConfig.RestartPolicy?.Name || "no",
              jobs: jobOwners(settings, c.name).join(",") || "-",
            });
          }
        }
      }
      if (!flags.json) say.step(`Supervisor: ${settings.supervisor}`);
      return rows;
    },
  }),
];
