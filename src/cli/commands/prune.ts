import { formatBytes } from "../../system/format-size.js";
import { pruneServer } from "../../release/prune-server.js";
import { say } from "../../output.js";
import { command, type Command } from "../command.js";

export const pruneCommands: Command[] = [
  command({
    usage: "prune [--json]",
    summary:
      "remove stopped leftover containers, untagged images and build cache unused for an hour (slipwayd runs it daily)",
    remote: true,
    scope: "admin",
    flags: { json: { type: "boolean" } },
    args: [],
    async run({ flags, settings }) {
      const report = await pruneServer(settings);
      if (flags.json) return void process.stdout.write(JSON.stringify(report, null, 2) + "\n");
      say.step(
        `Pruned ${report.containers} stopped containers and ${report.images} untagged images; ` +
          `${formatBytes(report.bytes)} reclaimed`,
      );
      if (report.busy.length) say.warn(`left for the next prune (deploying): ${report.busy.join(", ")}`);
    },
  }),
];
