import { createRequire } from "node:module";
import { printError } from "../cli/print-error.js";
import type { SshRemote } from "./remote-url.js";

/** What the client adds to the server's help: its options, and which server and app it talks to. */
export function printClientHelp(remoteName: string, remote: SshRemote | unknown): void {
  process.stdout.write([
    "Usage: slipway [--remote NAME] [--app APP] COMMAND [ARGS]",
    "",
    `On this machine slipway is a client: it sends each command over SSH to the server that git remote`,
    `${remoteName} points at, for the app it names. Leave APP out: \`slipway logs -f\`, \`slipway config:set K=V\`.`,
    "See docs/client.md.",
    "",
  ].join("\n"));
  if (typeof (remote as SshRemote)?.destination !== "string") return printError(remote, false);
  const shown = remote as SshRemote;
  const port = shown.port ? ` port ${shown.port}` : "";
  process.stdout.write(`Remote ${remoteName}: ${shown.destination}${port}, app ${shown.app}\n\n`);
}

export function printClientVersion(): number {
  const pkg = createRequire(import.meta.url)("../../package.json") as { version: string };
  process.stdout.write(`slipway ${pkg.version} (client)\n`);
  return 0;
}
