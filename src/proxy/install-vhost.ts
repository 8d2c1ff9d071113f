import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SlipwayError } from "../errors.js";
import { readText, writeFileAtomic } from "../state/atomic-write.js";
import type { Settings } from "../state/settings.js";
import { runProgram } from "../system/run-program.js";
import { renderBaseConfig, type ListenPorts } from "./render-vhost.js";

const BASE_FILE = "_slipway.conf";

/**
 * Put an app's vhost live: write beside it, check it with `nginx -t`, rename into place, reload.
 * A config that fails the check is never installed, so the previous one keeps serving.
 */
export async function installVhost(settings: Settings, app: string, render: RenderForPort): Promise<void> {
  await ensureBaseConfig(settings);
  const live = path.join(settings.nginx.vhostDir, `${app}.conf`);
  if (await installChecked(settings, live, render)) await reloadNginx(settings);
}

/** Renders a config for listen ports; called twice when the check must use stand-in ports. */
export type RenderForPort = (listen: ListenPorts) => string;

/** Write, check and rename one file; false when it already had this content. */
async function installChecked(settings: Settings, live: string, render: RenderForPort): Promise<boolean> {
  const text = render(livePorts(settings));
  if (readText(live) === text) return false;
  const candidate = path.join(path.dirname(live), `.${path.basename(live)}.candidate`); // no .conf suffix: nginx's include glob skips it
  writeFileAtomic(candidate, render(checkPort(settings)));
  try {
    await checkConfig(settings, candidate, path.basename(live) !== BASE_FILE);
    writeFileAtomic(live, text);
  } finally {
    fs.rmSync(candidate, { force: true });
  }
  return true;
}

/**
 * `nginx -t` binds the listen ports, which the git user may not do below 1024; the check then
 * uses a high port, and the installed file differs from the checked one in that number only.
 */
function checkPort(settings: Settings): ListenPorts {
  const privileged = (port: number, standIn: number) =>
    port < 1024 && process.getuid?.() !== 0 ? standIn : port;
  const live = livePorts(settings);
  return { ...live, http: privileged(live.http, 65080), https: privileged(live.https, 65443) };
}

function livePorts(settings: Settings): ListenPorts {
  return { http: settings.nginx.listen, https: settings.nginx.tlsListen, ipv6: listensOnIpv6(settings) };
}

/** "auto" means: the kernel lists an IPv6 address, so nginx can bind [::]. */
function listensOnIpv6(settings: Settings): boolean {
  if (settings.nginx.ipv6 !== "auto") return settings.nginx.ipv6 === true;
  try {
    return fs.readFileSync("/proc/net/if_inet6", "utf8").trim() !== "";
  } catch {
    return false;
  }
}

/** Take an app off nginx; a missing vhost is fine. */
export async function removeVhost(settings: Settings, app: string): Promise<void> {
  const live = path.join(settings.nginx.vhostDir, `${app}.conf`);
  if (!fs.existsSync(live)) return;
  fs.rmSync(live);
  await reloadNginx(settings);
}

/** Install the shared http-level config and catch-all server, if it is missing or out of date. */
export async function ensureBaseConfig(settings: Settings): Promise<boolean> {
  return installChecked(settings, path.join(settings.nginx.vhostDir, BASE_FILE), renderBaseConfig);
}

/**
 * `nginx -t` on a throwaway main config holding the candidate (and the base it relies on), with its own
 * prefix, pid and error log: it needs no root, and one app's broken file cannot fail another's check.
 */
async function checkConfig(settings: Settings, candidate: string, withBase: boolean): Promise<void> {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-nginx-check-"));
  try {
    const conf = path.join(prefix, "nginx.conf");
    const files = [candidate];
    if (withBase) {
      files.unshift(path.join(prefix, BASE_FILE));
      fs.writeFileSync(files[0], renderBaseConfig(checkPort(settings)));
    }
    const includes = files.map((f) => `  include ${f};`).join("\n");
    fs.writeFileSync(
      conf,
      `pid ${prefix}/nginx.pid;\nerror_log ${prefix}/error.log;\nevents {}\nhttp {\n  access_log off;\n${includes}\n}\n`,
    );
    const res = await runProgram([
      settings.nginx.binary,
      "-t",
      "-q",
      "-p",
      prefix,
      "-e",
      `${prefix}/error.log`,
      "-c",
      conf,
    ]);
    if (res.code !== 0) {
      const detail =
        res.stderr
          .split("\n")
          .filter((l) => l.includes("[emerg]"))
          .join("\n") || res.stderr.trim();
      throw new SlipwayError(
        "nginx-invalid",
        `nginx rejected the generated config, so it was not installed:\n${detail}`,
        {
          hint: "the app keeps its previous routing; report this with the message above",
        },
      );
    }
  } finally {
    fs.rmSync(prefix, { recursive: true, force: true });
  }
}

export async function reloadNginx(settings: Settings): Promise<void> {
  const res = await runProgram(settings.nginx.reload);
  if (res.code !== 0) {
    throw new SlipwayError(
      "nginx-reload",
      `nginx reload failed: ${res.stderr.trim() || `exit ${res.code}`}`,
      {
        hint: "check that nginx is running (`systemctl status nginx`) and that `sudo -n nginx -s reload` works for the git user",
      },
    );
  }
}
