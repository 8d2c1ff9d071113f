import { spawn } from "node:child_process";
import fs from "node:fs";
import { readText, writeFileAtomic } from "../../state/atomic-write.js";
import { paths } from "../../state/paths.js";
import { runProgram } from "../../system/run-program.js";
import { registryConfigFile } from "./registry-config.js";

export const REGISTRY_BIN = "/usr/bin/docker-registry";
const UNIT = "slipway-registry.service";
const UNIT_FILE = `/etc/systemd/system/${UNIT}`;
const pidFile = () => paths.clusterFile("registry.pid");
const hasSystemd = () => fs.existsSync("/run/systemd/system");

/** The systemd unit that keeps the registry up across crashes and reboots. */
export function renderRegistryUnit(config: string): string {
  return [
    "# Written by slipway cluster:init.",
    "[Unit]",
    "Description=Slipway cluster image registry",
    "After=network.target",
    "",
    "[Service]",
    `ExecStart=${REGISTRY_BIN} serve ${config}`,
    "Restart=always",
    "RestartSec=1",
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
}

/** Run the registry: a systemd unit, else a detached process; restarted when its config changed. */
export async function startRegistry(configChanged: boolean): Promise<void> {
  if (hasSystemd()) return startUnit(configChanged);
  const pid = runningPid();
  if (pid !== undefined && !configChanged) return;
  if (pid !== undefined) await stopPid(pid);
  const log = fs.openSync(paths.clusterFile("registry.log"), "a", 0o600);
  const child = spawn(REGISTRY_BIN, ["serve", registryConfigFile()], {
    detached: true,
    stdio: ["ignore", log, log],
  });
  fs.closeSync(log);
  child.unref();
  writeFileAtomic(pidFile(), `${child.pid}\n`, 0o600);
}

async function startUnit(configChanged: boolean): Promise<void> {
  const unit = renderRegistryUnit(registryConfigFile());
  const unitChanged = readText(UNIT_FILE) !== unit;
  if (unitChanged) writeFileAtomic(UNIT_FILE, unit);
  // The package's own unit serves plain HTTP on :5000; only Slipway's TLS one may run.
  await runProgram(["systemctl", "disable", "--now", "docker-registry.service"]);
  await runProgram(["systemctl", "daemon-reload"]);
  const verb = unitChanged || configChanged ? "restart" : "start";
  await runProgram(["systemctl", "enable", "--quiet", UNIT]);
  await runProgram(["systemctl", verb, UNIT]);
}

/** Stop the registry and forget how it was run; its data stays until the cluster directory goes. */
export async function stopRegistry(): Promise<void> {
  if (hasSystemd() && fs.existsSync(UNIT_FILE)) {
    await runProgram(["systemctl", "disable", "--now", UNIT]);
    fs.rmSync(UNIT_FILE, { force: true });
    await runProgram(["systemctl", "daemon-reload"]);
  }
  const pid = runningPid();
  if (pid !== undefined) await stopPid(pid);
  fs.rmSync(pidFile(), { force: true });
}

/** The pid in the pid file, when it is still this cluster's registry and not a reused pid. */
function runningPid(): number | undefined {
  const pid = Number(readText(pidFile())?.trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const cmdline = readText(`/proc/${pid}/cmdline`) ?? "";
  return cmdline.includes(REGISTRY_BIN) && cmdline.includes(registryConfigFile()) ? pid : undefined;
}

async function stopPid(pid: number): Promise<void> {
  process.kill(pid, "SIGTERM");
  for (let i = 0; i < 50 && fs.existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 100));
}
