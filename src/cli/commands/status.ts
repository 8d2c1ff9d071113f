import { collectStatus } from "../../release/status/collect-status.js";
import type { StatusReport } from "../../release/status/status-report.js";
import { command, type Command } from "../command.js";

export const statusCommands: Command[] = [
  command({
    usage: "status [--json]",
    summary:
      "the server at a glance: disk, containers, certificates, backups, deploys; exits 1 when a line is red",
    remote: true,
    scope: "admin",
    flags: { json: { type: "boolean" } },
    args: [],
    async run({ flags, settings }) {
      const report = await collectStatus(settings);
      process.stdout.write(flags.json ? JSON.stringify(report, null, 2) + "\n" : renderStatus(report));
      return report.state === "red" ? 1 : 0;
    },
  }),
];

/** One line per check, worst first within its section order: STATE SECTION SUBJECT REASON. */
export function renderStatus(report: StatusReport): string {
  const rows = report.lines.map((l) => [l.state.toUpperCase(), l.section, l.subject, l.reason]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  const body = rows.map((r) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell)).join("  "));
  const { version, stateVersion } = report.slipway;
  const head = `Slipway ${version}, state version ${stateVersion}: ${report.state.toUpperCase()}`;
  return [head, ...body].join("\n") + "\n";
}
