import { SlipwayError, usageError } from "../../errors.js";
import { serverPorts } from "../../engine/check-publish-ports.js";
import { FIRST_FREE_PORT } from "../../engine/publish-refusals.js";
import { saveSettings, type Settings } from "../../state/settings.js";
import { say } from "../../output.js";
import { arg, localCommand, type Command } from "../command.js";

/** Admin-only: a pusher choosing a privileged port (25, 53...) is exactly what this allowance guards. */
export const portsCommands: Command[] = [
  allowanceCommand(
    "ports:allow",
    "let apps publish a host port below 1024 (slipway.yml `publish`); local only",
    (allowed, port) => [...new Set([...allowed, port])].sort((a, b) => a - b),
    (port) => `Apps may now publish port ${port}`,
  ),
  allowanceCommand(
    "ports:disallow",
    "take back ports:allow; an app publishing the port keeps it until its next deploy; local only",
    (allowed, port) => allowed.filter((p) => p !== port),
    (port) => `Port ${port} is no longer allowed; deploys that publish it are refused`,
  ),
];

/** One edit of the publishAllowed setting, for one low port. */
function allowanceCommand(
  name: string,
  summary: string,
  edit: (allowed: number[], port: number) => number[],
  done: (port: number) => string,
): Command {
  return localCommand({
    usage: `${name} PORT`,
    summary,
    args: [arg("PORT")],
    async run({ args: [raw], settings }) {
      const port = lowPort(name, raw, settings);
      saveSettings({ ...settings, publishAllowed: edit(settings.publishAllowed, port) });
      say.step(done(port));
    },
  });
}

/** The server's own ports and the allowed ones, for `ports:report` without an app. */
export function serverPortRows(settings: Settings): Record<string, unknown>[] {
  const reserved = [...serverPorts(settings).reserved].map(([port, why]) => ({
    port,
    publish: "never",
    why,
  }));
  const allowed = settings.publishAllowed.map((port) => ({ port, publish: "allowed", why: "ports:allow" }));
  return [...reserved, ...allowed].sort((a, b) => a.port - b.port);
}

function lowPort(command: string, raw: string, settings: Settings): number {
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1)
    throw usageError(`${command} takes one port number`, `e.g. slipway ${command} 25`);
  const port = Number(raw);
  if (port >= FIRST_FREE_PORT)
    throw usageError(
      `port ${port} needs no allowance: apps may publish any free port from ${FIRST_FREE_PORT} up`,
    );
  const use = serverPorts(settings).reserved.get(port);
  if (use) {
    throw new SlipwayError(
      "port-reserved",
      `port ${port} is ${use}; the server needs it, so no app may publish it`,
      { hint: "pick another port" },
    );
  }
  return port;
}
