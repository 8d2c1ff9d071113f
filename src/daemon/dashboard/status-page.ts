import { spawn } from "node:child_process";
import { SlipwayError } from "../../errors.js";
import type { StatusReport } from "../../release/status/status-report.js";
import { CLI } from "../run-cli.js";
import { html } from "./html.js";
import { lightBadge, renderPage, type Frame } from "./render-layout.js";

/**
 * `slipway status --json` in a child process, as slipwayd runs every command that needs the Docker
 * client; it exits 1 when a line is red, and its JSON is the answer either way.
 */
export function readStatusReport(): Promise<StatusReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "status", "--json"], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.once("error", reject);
    child.once("close", (code) => {
      try {
        resolve(JSON.parse(out) as StatusReport);
      } catch {
        reject(
          new SlipwayError("status", `slipway status failed (exit ${code})`, {
            hint: "run it on the server",
          }),
        );
      }
    });
  });
}

/** The whole status report, one row per line, as `slipway status` prints it. */
export function renderStatusPage(frame: Frame, report: StatusReport): string {
  const rows = report.lines.map(
    (l) =>
      html`<tr>
        <td>${lightBadge(l.state, l.state)}</td>
        <td>${l.section}</td>
        <td>${l.subject}</td>
        <td>${l.reason}</td>
      </tr>`,
  );
  return renderPage(
    frame,
    html`<nav aria-label="Breadcrumb"><a href="/">Apps</a> / status</nav>
      <h1>Server status</h1>
      <p>
        ${lightBadge(report.state, `Slipway ${report.slipway.version}, state version ${report.slipway.stateVersion}`)}
      </p>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">State</th>
              <th scope="col">Section</th>
              <th scope="col">Subject</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>
      </div>`,
  );
}
