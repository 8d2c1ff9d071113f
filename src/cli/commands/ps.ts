import { SlipwayError, usageError } from "../../errors.js";
import { parseAppName } from "../../git/app-name.js";
import { listAppContainers } from "../../runtime/containers.js";
import { oneOffRows } from "../../runtime/one-off-rows.js";
import { redeploy } from "../../runtime/redeploy.js";
import { liveRelease } from "../../runtime/live-service-spec.js";
import { withAppSession } from "../../runtime/app-session.js";
import { listApps, loadApp, saveApp, type Release } from "../../state/app-state.js";
import { restoreApps } from "../../runtime/restore-apps.js";
import type { Settings } from "../../state/settings.js";
import { say } from "../output.js";
import { printTable, type Command } from "../command.js";
import { serverPortRows } from "./ports.js";

export const psCommands: Command[] = [
  {
    name: "ps:report",
    usage: "ps:report APP [--json]",
    summary: "services, their containers, state and ports",
    remote: true,
    scope: { app: 0 },
    flags: { json: { type: "boolean" } },
    async run({ args, flags, settings }) {
      const app = parseAppName(args[0] ?? "");
      const current = liveRelease(app);
      const containers = await listAppContainers(settings, app);
      const state = new Map(containers.map((c) => [c.Id, c.State]));
      const rows = Object.entries(current.services).flatMap(([service, s]) => s.containers.map((c, i) => ({
        service, instance: i + 1, container: c.name, state: state.get(c.id) ?? "missing", port: s.port, host: c.hostPort ? `127.0.0.1:${c.hostPort}` : undefined,
        release: current.number,
      })));
      const columns = ["service", "instance", "container", "state", "port", "host", "release"];
      printTable([...rows, ...oneOffRows(containers)], columns, !!flags.json);
    },
  },
  {
    name: "ports:report",
    usage: "ports:report [APP] [--json]",
    summary: "public ports the app's services publish (slipway.yml `publish`); without APP, the server's own and allowed ones",
    remote: true,
    scope: { app: 0 },
    flags: { json: { type: "boolean" } },
    async run({ args, flags, settings }) {
      if (!args.length) return printTable(serverPortRows(settings), ["port", "publish", "why"], !!flags.json);
      const app = parseAppName(args[0] ?? "");
      const rows = Object.entries(liveRelease(app).services).flatMap(([service, s]) => Object.entries(s.publish).map(([host, port]) => ({ service, public: `0.0.0.0:${host}`, container: port })));
      printTable(rows, ["service", "public", "container"], !!flags.json);
    },
  },
  {
    name: "ps:restore",
    usage: "ps:restore [APP...]",
    summary: "at boot: undo interrupted deploys, start every app's live containers and re-route them (all apps by default)",
    remote: false,
    async run({ args, settings }) {
      const apps = args.length ? args.map(parseAppName) : listApps().map((a) => a.name);
      const { restored, failed } = await restoreApps(settings, apps);
      say.step(restored.length ? `Restored ${restored.join(", ")}` : "No apps to restore");
      return failed.length ? 1 : 0;
    },
  },
  {
    name: "ps:scale",
    usage: "ps:scale APP SERVICE=N...",
    summary: "run N containers of a service; nginx balances across web containers",
    remote: true,
    scope: { app: 0 },
    async run({ args, settings }) {
      const app = parseAppName(args[0] ?? "");
      const counts = args.slice(1).map(parseCount);
      if (!counts.length) throw usageError("ps:scale needs SERVICE=N", "slipway ps:scale myapp web=2 worker=1");
      await scale(settings, app, counts);
    },
  },
  {
    name: "ps:restart",
    usage: "ps:restart APP [SERVICE...]",
    summary: "replace the containers of the app (or of some services), through the health gate",
    remote: true,
    scope: { app: 0 },
    async run({ args, settings }) {
      const app = parseAppName(args[0] ?? "");
      const current = liveRelease(app);
      const services = args.length > 1 ? args.slice(1) : Object.keys(current.services);
      checkServices(current, services);
      await withAppSession(settings, app, () => redeploy(settings, app, "restart", { forced: new Set(services) }));
    },
  },
];

function parseCount(arg: string): [string, number] {
  const m = /^([a-z][a-z0-9-]*)=(\d{1,3})$/.exec(arg);
  if (!m) throw usageError(`${JSON.stringify(arg)} is not SERVICE=N`, "slipway ps:scale myapp web=2 worker=1");
  return [m[1], Number(m[2])];
}

function checkServices(current: Release, names: string[]): void {
  const unknown = names.filter((n) => !current.services[n] && !current.template.services.some((s) => s.name === n));
  if (unknown.length) throw new SlipwayError("no-service", `no service named ${unknown.join(", ")}`, { hint: `services: ${current.template.services.map((s) => s.name).join(", ")}` });
}

async function scale(settings: Settings, app: string, counts: [string, number][]): Promise<void> {
  const current = liveRelease(app);
  checkServices(current, counts.map(([n]) => n));
  const routed = current.template.route?.service ?? "web";
  if (counts.some(([n, c]) => n === routed && c === 0)) {
    throw usageError(`${routed} serves the app's domains; scaling it to 0 would leave them with nothing behind them`, `keep at least one: slipway ps:scale ${app} ${routed}=1`);
  }
  await withAppSession(settings, app, async () => {
    const record = loadApp(app)!;
    const before = record.scale;
    saveApp({ ...record, scale: { ...record.scale, ...Object.fromEntries(counts) } });
    try {
      const release = await redeploy(settings, app, "scale");
      say.step(`Release ${release.number}: ${counts.map(([n, c]) => `${n}=${c}`).join(" ")}`);
    } catch (err) {
      saveApp({ ...loadApp(app)!, scale: before });
      throw err;
    }
  });
}


