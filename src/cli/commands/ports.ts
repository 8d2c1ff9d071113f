import { SlipwayError, usageError } from "../../errors.js";
import { serverPorts } from "../../engine/check-publish-ports.js";
import { FIRST_FREE_PORT } from "../../engine/publish-refusals.js";
import { saveSettings, type Settings } from "../../state/settings.js";
import { say } from "../../output.js";
import { arg, localCommand, type Command } from "../command.js";

/** Admin-only: a pusher choosing a privileged port (25, 53...) is exactly what this allowance guards. */
export const portsCommands: Command[] = [
  localCommand({
    usage: "ports:allow PORT",
    summary: "let apps publish a host port below 1024 (slipway.yml `publish`); local only",
    args: [arg("PORT")],
    async run({ args: [raw], settings }) {
      const port = lowPort("ports:allow", raw, settings);
      const allowed = [...new Set([...settings.publishAllowed, port])].sort((a, b) => a - b);
      saveSettings({ ...settings, publishAllowed: allowed });
      say.step(`Apps may now publish port ${port}`);
    },
  }),
  localCommand({
    usage: "ports:disallow PORT",
    summary: "take back ports:allow; an app publishing the port keeps it until its next deploy; local only",
    args: [arg("PORT")],
    async run({ args: [raw], settings }) {
      const port = lowPort("ports:disallow", raw, settings);
      saveSettings({ ...settings, publishAllowed: settings.publishAllowed.filter((p) => p !== port) });
      say.step(`Port ${port} is no longer allowed; deploys that publish it are refused`);
    },
  }),
];

/** The server's own ports and the allowed ones, for `ports:report` without an app. */
export function serverPortRows(settings: Settings): Record<string, unknown>[] {
  const reserved = [...serverPorts(settings).reserved].map(([port, why]) => ({ port, publish: "never", why }));
  const allowed = settings.publishAllowed.map((port) => ({ port, publish: "allowed", why: "ports:allow" }));
  return [...reserved, ...allowed].sort((a, b) => a.port - b.port);
}

function lowPort(command: string, raw: string, settings: Settings): number {
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1) throw usageError(`${command} takes one port number`, `e.g. slipway ${command} 25`);
  const port = Number(raw);
  if (port >= FIRST_FREE_PORT) throw usageError(`port ${port} needs no allowance: apps may publish any free port from ${FIRST_FREE_PORT} up`);
  const use = serverPorts(settings).reserved.get(port);
  if (use) {
    throw new SlipwayError("port-reserved", `port ${port} is ${use}; the server needs it, so no app may publish it`, { hint: "pick another port" });
  }
  return port;
}
