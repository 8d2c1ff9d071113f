import { SlipwayError, usageError } from "../../errors.js";
import { listAppContainers } from "../../engine/containers.js";
import { redeploy } from "../../release/redeploy.js";
import { liveRelease } from "../../release/live-service-spec.js";
import { withAppSession } from "../../release/app-session.js";
import { oneOffRows } from "../../engine/one-off-rows.js";
import { swarmTaskRows } from "../../engine/swarm/swarm-task-rows.js";
import { listApps, loadApp, saveApp, type Release } from "../../state/app-state.js";
import { restoreApps } from "../../release/restore-apps.js";
import type { Settings } from "../../state/settings.js";
import { say } from "../../output.js";
import { APP, appCommand, arg, command, localCommand, many, optional, type Command } from "../command.js";
import { serverPortRows } from "./ports.js";
import { printReleaseJson } from "../release-json.js";

export const psCommands: Command[] = [
  appCommand({
    usage: "ps:report APP [--json]",
    summary: "services, their containers, state and ports",
    table: ["service", "instance", "container", "state", "port", "host", "node", "release"],
    async run({ args: [app], settings }) {
      const current = liveRelease(app);
      const containers = await listAppContainers(settings, app);
      const state = new Map(containers.map((c) => [c.Id, c.State]));
      const swarm = await Promise.all(
        Object.entries(current.services).flatMap(([service, s]) =>
          s.swarm ? [swarmTaskRows(service, s.swarm, current.number)] : [],
        ),
      );
      const rows = Object.entries(current.services).flatMap(([service, s]) =>
        s.containers.map((c, i) => ({
          service,
          instance: i + 1,
          container: c.name,
          state: state.get(c.id) ?? "missing",
          port: s.port,
          host: c.hostPort ? `127.0.0.1:${c.hostPort}` : undefined,
          release: current.number,
        })),
      );
      return [...rows, ...swarm.flat(), ...oneOffRows(containers)];
    },
  }),
  command({
    usage: "ports:report [APP] [--json]",
    summary:
      "public ports the app's services publish (slipway.yml `publish`); without APP, the server's own and allowed ones",
    remote: true,
    scope: { app: 0 },
    args: [optional(APP)],
    table: ["service", "public", "container"],
    async run({ args: [app], settings }) {
      if (app === undefined) return { rows: serverPortRows(settings), columns: ["port", "publish", "why"] };
      return Object.entries(liveRelease(app).services).flatMap(([service, s]) =>
        Object.entries(s.publish).map(([host, port]) => ({
          service,
          public: `0.0.0.0:${host}`,
          container: port,
        })),
      );
    },
  }),
  localCommand({
    usage: "ps:restore [APP...] [--json]",
    summary:
      "at boot: undo interrupted deploys, start every app's live containers and re-route them (all apps by default)",
    flags: { json: { type: "boolean" } },
    args: [optional(many(APP))],
    async run({ args, flags, settings }) {
      const apps = args.length ? args : listApps().map((a) => a.name);
      const { restored, failed } = await restoreApps(settings, apps);
      say.step(restored.length ? `Restored ${restored.join(", ")}` : "No apps to restore");
      if (flags.json) process.stdout.write(JSON.stringify({ restored, failed }, null, 2) + "\n");
      return failed.length ? 1 : 0;
    },
  }),
  appCommand({
    usage: "ps:scale APP SERVICE=N... [--json]",
    summary: "run N containers of a service; nginx balances across web containers",
    flags: { json: { type: "boolean" } },
    args: [many(arg("SERVICE=N"))],
    async run({ args: [app, ...words], flags, settings, pusher }) {
      const counts = words.map(parseCount);
      const release = await scale(settings, app, counts, pusher);
      if (flags.json) printReleaseJson(app, release);
    },
  }),
  appCommand({
    usage: "ps:restart APP [SERVICE...] [--json]",
    summary: "replace the containers of the app (or of some services), through the health gate",
    flags: { json: { type: "boolean" } },
    args: [optional(many(arg("SERVICE")))],
    lock: "session",
    async run({ args: [app, ...named], flags, settings, pusher }) {
      const current = liveRelease(app);
      const services = named.length ? named : Object.keys(current.services);
      checkServices(current, services);
      const release = await redeploy(settings, app, "restart", pusher, { forced: new Set(services) });
      if (flags.json) printReleaseJson(app, release);
    },
  }),
];

function parseCount(arg: string): [string, number] {
  const m = /^([a-z][a-z0-9-]*)=(\d{1,3})$/.exec(arg);
  if (!m)
    throw usageError(`${JSON.stringify(arg)} is not SERVICE=N`, "slipway ps:scale myapp web=2 worker=1");
  return [m[1], Number(m[2])];
}

function checkServices(current: Release, names: string[]): void {
  const unknown = names.filter(
    (n) => !current.services[n] && !current.template.services.some((s) => s.name === n),
  );
  if (unknown.length)
    throw new SlipwayError("no-service", `no service named ${unknown.join(", ")}`, {
      hint: `services: ${current.template.services.map((s) => s.name).join(", ")}`,
    });
}

async function scale(
  settings: Settings,
  app: string,
  counts: [string, number][],
  pusher: string | undefined,
): Promise<Release> {
  const current = liveRelease(app);
  checkServices(
    current,
    counts.map(([n]) => n),
  );
  const routed = current.template.route?.service ?? "web";
  if (counts.some(([n, c]) => n === routed && c === 0)) {
    throw usageError(
      `${routed} serves the app's domains; scaling it to 0 would leave them with nothing behind them`,
      `keep at least one: slipway ps:scale ${app} ${routed}=1`,
    );
  }
  return withAppSession(settings, app, async () => {
    const record = loadApp(app)!;
    const before = record.scale;
    saveApp({ ...record, scale: { ...record.scale, ...Object.fromEntries(counts) } });
    try {
      const release = await redeploy(settings, app, "scale", pusher);
      say.step(`Release ${release.number}: ${counts.map(([n, c]) => `${n}=${c}`).join(" ")}`);
      return release;
    } catch (err) {
      saveApp({ ...loadApp(app)!, scale: before });
      throw err;
    }
  });
}
