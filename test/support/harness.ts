import { execFile, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { BASE_LABEL, ensureBaseImage, pruneUnder, removeLabelled } from "./base-image.js";
import { removeDir, stopStateProcesses } from "./remove-state.js";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const SLIPWAY_BIN = path.join(ROOT, "bin", "slipway");

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Caller's stdin: `input`, then EOF unless `openStdin` keeps it open, as an interactive ssh session does. */
export interface StdinOptions {
  input?: string | Buffer;
  openStdin?: boolean;
}

/** Run argv (no shell) and collect output; bounded by a timeout so a hang fails the test. */
export function run(
  argv: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } & StdinOptions = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      argv[0],
      argv.slice(1),
      { env: opts.env, cwd: opts.cwd, timeout: opts.timeoutMs ?? 180_000, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr });
      },
    );
    child.stdin!.on("error", () => {}); // a program that exits without reading its input is fine
    if (opts.openStdin) child.stdin!.write(opts.input ?? "");
    else child.stdin!.end(opts.input ?? "");
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** GET through nginx by Host header; one request, bounded in time. */
export function fetchVia(
  port: number,
  host: string,
  urlPath = "/",
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: "127.0.0.1", port, path: urlPath, headers: { Host: host }, timeout: 5000, agent: false },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.once("timeout", () => req.destroy(new Error(`GET ${host}${urlPath} timed out`)));
    req.once("error", reject);
  });
}

async function waitFor(
  what: string,
  ok: () => Promise<boolean> | boolean,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not come up within ${timeoutMs}ms`);
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, "127.0.0.1", () => {
      sock.destroy();
      resolve(true);
    });
    sock.once("error", () => resolve(false));
  });
}

/**
 * A hermetic Slipway server for one test file: its own state dir, sshd and nginx on random
 * loopback ports, and a Docker label on everything it creates so teardown finds it all.
 */
export class Harness {
  readonly id = crypto.randomBytes(4).toString("hex");
  readonly label = `slipway.test-run=${this.id}`;
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-e2e-"));
  readonly state = path.join(this.dir, "state");
  readonly domain = "e2e.test";
  readonly clientKey = path.join(this.dir, "client_key");
  sshPort = 0;
  nginxPort = 0;
  tlsPort = 0;
  /** What key lines and git hooks run; an upgrade test points it at a wrapper of an older install. */
  slipwayBin = SLIPWAY_BIN;
  private children: ChildProcess[] = [];
  /** Run first by stop(): a slipwayd on this state must be gone before its directory is removed. */
  readonly beforeStop: (() => Promise<void>)[] = [];

  get env(): NodeJS.ProcessEnv {
    return { ...process.env, SLIPWAY_STATE: this.state };
  }

  /** Environment for git and ssh on the client side, authenticating with the given key; no ~/.ssh/config applies. */
  clientEnv(key = this.clientKey): NodeJS.ProcessEnv {
    const ssh = `ssh -F /dev/null -i ${key} -p ${this.sshPort} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o IdentitiesOnly=yes -o BatchMode=yes -o LogLevel=ERROR`;
    return { ...process.env, GIT_SSH_COMMAND: ssh, GIT_TERMINAL_PROMPT: "0" };
  }

  remoteUrl(app: string): string {
    return `ssh://root@127.0.0.1:${this.sshPort}/${app}`;
  }

  async start(): Promise<this> {
    [this.sshPort, this.nginxPort, this.tlsPort] = await Promise.all([freePort(), freePort(), freePort()]);
    for (const d of ["state", "repos", "vhosts", "nginx", "ssh"])
      fs.mkdirSync(path.join(this.dir, d), { recursive: true });
    this.prepareWorkerDirs();
    this.writeSettings();
    await Promise.all([ensureBaseImage(), this.startNginx(), this.startSshd()]);
    const gen = await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", this.clientKey]);
    if (gen.code !== 0) throw new Error(gen.stderr);
    const add = await this.slipway(
      ["keys:add", "tester", "--admin"],
      fs.readFileSync(`${this.clientKey}.pub`, "utf8"),
    );
    if (add.code !== 0) throw new Error(`keys:add failed: ${add.stderr}`);
    return this;
  }

  private writeSettings(): void {
    const nginxDir = path.join(this.dir, "nginx");
    const settings = {
      domain: this.domain,
      reposDir: path.join(this.dir, "repos"),
      authorizedKeys: path.join(this.dir, "authorized_keys"),
      slipwayBin: this.slipwayBin,
      // No host firewall for builds here: configure-system.sh sets that up (build-isolation tests it).
      builders: { firewall: [] },
      nginx: {
        vhostDir: path.join(this.dir, "vhosts"),
        binary: "/usr/sbin/nginx",
        listen: this.nginxPort,
        reload: [
          "/usr/sbin/nginx",
          "-p",
          nginxDir,
          "-c",
          path.join(nginxDir, "nginx.conf"),
          "-e",
          path.join(nginxDir, "error.log"),
          "-s",
          "reload",
        ],
        tlsListen: this.tlsPort,
        authDir: path.join(this.dir, "auth"),
        acmeWebroot: path.join(this.dir, "acme"),
      },
      startTimeoutSeconds: 20,
      lockTimeoutSeconds: 5,
      namePrefix: `slipway-test-${this.id}`,
      labels: suiteLabels(this.id),
    };
    fs.writeFileSync(path.join(this.state, "settings.json"), JSON.stringify(settings, null, 2));
  }

  /**
   * Workers run as nobody, like www-data in production: they may pass through the run dir, read
   * the ACME webroot, and read htpasswd files only through the setgid auth dir's group.
   */
  private prepareWorkerDirs(): void {
    fs.chmodSync(this.dir, 0o711);
    fs.mkdirSync(path.join(this.dir, "acme"), { mode: 0o755 });
    const auth = path.join(this.dir, "auth");
    fs.mkdirSync(auth);
    fs.chownSync(auth, 0, 65534);
    fs.chmodSync(auth, 0o2750);
  }

  private async startNginx(): Promise<void> {
    const dir = path.join(this.dir, "nginx");
    const conf = path.join(dir, "nginx.conf");
    fs.writeFileSync(
      conf,
      `daemon off;\nuser nobody nogroup;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n  access_log off;\n  include ${this.dir}/vhosts/*.conf;\n}\n`,
    );
    this.spawnChild(["/usr/sbin/nginx", "-p", dir, "-c", conf, "-e", `${dir}/error.log`]);
    await waitFor("nginx", () => fs.existsSync(`${dir}/nginx.pid`));
  }

  private async startSshd(): Promise<void> {
    const dir = path.join(this.dir, "ssh");
    const hostKey = path.join(dir, "host_key");
    await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey]);
    fs.mkdirSync("/run/sshd", { recursive: true });
    const conf = path.join(dir, "sshd_config");
    fs.writeFileSync(
      conf,
      [
        `Port ${this.sshPort}`,
        "ListenAddress 127.0.0.1",
        `HostKey ${hostKey}`,
        `PidFile ${dir}/sshd.pid`,
        `AuthorizedKeysFile ${this.dir}/authorized_keys`,
        "StrictModes no",
        "UsePAM no",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "PermitRootLogin forced-commands-only",
        `SetEnv SLIPWAY_STATE=${this.state}`,
        "",
      ].join("\n"),
    );
    this.spawnChild(["/usr/sbin/sshd", "-D", "-e", "-f", conf]);
    await waitFor("sshd", () => connects(this.sshPort));
  }

  private spawnChild(argv: string[]): void {
    const child = spawn(argv[0], argv.slice(1), { stdio: ["ignore", "ignore", "pipe"] });
    child.stderr!.on("data", () => {}); // drained so a chatty daemon never blocks
    this.children.push(child);
  }

  /** Run the Slipway CLI locally against this server's state. */
  slipway(
    args: string[],
    input?: string | Buffer,
    opts: { openStdin?: boolean; timeoutMs?: number } = {},
  ): Promise<RunResult> {
    return run([SLIPWAY_BIN, ...args], { env: this.env, input, ...opts });
  }

  /** Run a command over SSH as a key holder would; `flags` adds ssh options such as -tt. */
  ssh(
    command: string,
    key = this.clientKey,
    opts: { flags?: string[] } & StdinOptions = {},
  ): Promise<RunResult> {
    return run(this.sshArgv(command, key, opts.flags), { input: opts.input, openStdin: opts.openStdin });
  }

  /** The ssh argv a key holder runs; `-F /dev/null` so no ~/.ssh/config outside the repo applies. */
  sshArgv(command: string, key = this.clientKey, flags: string[] = []): string[] {
    return [
      "ssh",
      "-F",
      "/dev/null",
      ...flags,
      "-i",
      key,
      "-p",
      String(this.sshPort),
      "-o",
      "StrictHostKeyChecking=no",
      "-o",
      "UserKnownHostsFile=/dev/null",
      "-o",
      "IdentitiesOnly=yes",
      "-o",
      "BatchMode=yes",
      "-o",
      "LogLevel=ERROR",
      "root@127.0.0.1",
      command,
    ];
  }

  fetch(app: string, urlPath = "/"): Promise<{ status: number; body: string }> {
    return fetchVia(this.nginxPort, `${app}.${this.domain}`, urlPath);
  }

  async stop(): Promise<void> {
    for (const fn of this.beforeStop) await fn();
    for (const child of this.children) child.kill("SIGTERM");
    // A background retire or cron job may still write to the state as the directory goes.
    await stopStateProcesses(this.state);
    await removeLabelled(this.label, true);
    // The layers under this server's images stay while other test files may build on them; a suite
    // (run.sh) prunes them at its end. Alone (a benchmark, one file), nothing else builds: prune now,
    // so the next run's builds start cold, as a push on a server would.
    if (!process.env.SLIPWAY_TEST_SUITE) await pruneUnder(BASE_LABEL);
    await removeDir(this.dir);
  }
}

/**
 * Labels for everything a harness creates. run.sh sets SLIPWAY_TEST_SUITE so its final cleanup
 * removes only this suite's leftovers, not those of a suite running beside it.
 */
export function suiteLabels(runId: string): Record<string, string> {
  const suite = process.env.SLIPWAY_TEST_SUITE;
  return { "slipway.test-run": runId, ...(suite ? { "slipway.test-suite": suite } : {}) };
}

/** A scratch git work tree with a fixture app copied in, ready to commit and push. */
export class WorkTree {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-work-"));

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  async init(fixture: string): Promise<this> {
    fs.cpSync(path.join(ROOT, "test", "fixtures", "apps", fixture), this.dir, { recursive: true });
    await this.git(["init", "-q", "-b", "master"]);
    await this.git(["config", "user.email", "test@example.test"]);
    await this.git(["config", "user.name", "Slipway Test"]);
    await this.commit("initial");
    return this;
  }

  write(file: string, text: string): this {
    fs.writeFileSync(path.join(this.dir, file), text);
    return this;
  }

  read(file: string): string {
    return fs.readFileSync(path.join(this.dir, file), "utf8");
  }

  async commit(message: string): Promise<void> {
    await this.git(["add", "-A"]);
    const res = await this.git(["commit", "-q", "-m", message]);
    if (res.code !== 0) throw new Error(`commit failed: ${res.stderr}`);
  }

  git(args: string[]): Promise<RunResult> {
    return run(["git", ...args], { cwd: this.dir, env: this.env });
  }

  push(url: string, refspec = "master"): Promise<RunResult> {
    return this.git(["push", url, refspec]);
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Register hooks that start a server and a work tree of the fixture before a suite, and tear both down after. */
export function useServerWithApp(fixture: string): { h: Harness; work: () => WorkTree } {
  const h = new Harness();
  let work: WorkTree | undefined;
  before(async () => {
    await h.start();
    work = await new WorkTree(h.clientEnv()).init(fixture);
  });
  after(async () => {
    work?.remove();
    await h.stop();
  });
  return { h, work: () => work! };
}
