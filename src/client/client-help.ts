import { createRequire } from "node:module";
import { printError } from "../print-error.js";
import { isRemote, type SshRemote } from "./remote-url.js";

/** What the client adds to the server's help: its options, and which server and app it talks to. */
export function printClientHelp(remoteName: string, remote: SshRemote | unknown): void {
  process.stdout.write(
    [
      "Usage: slipway [--remote NAME] [--app APP] COMMAND [ARGS]",
      "",
      `Here slipway is a client: it sends each command over SSH, for the app git remote ${remoteName} names.`,
      "Leave APP out of the server's commands: `slipway logs -f`, `slipway config:set K=V` (docs/client.md).",
      "",
      "",
    ].join("\n"),
  );
  if (!isRemote(remote)) return printError(remote, false);
  const port = remote.port ? ` port ${remote.port}` : "";
  process.stdout.write(`Remote ${remoteName}: ${remote.destination}${port}, app ${remote.app}\n\n`);
}

export function printClientVersion(): number {
  const pkg = createRequire(import.meta.url)("../../package.json") as { version: string };
  process.stdout.write(`slipway ${pkg.version} (client)\n`);
  return 0;
}
