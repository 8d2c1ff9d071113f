import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { run, type RunResult } from "./harness.js";

/**
 * A real systemd, running as PID 1 of a container, for supervisor tests on a machine whose own
 * init is not systemd. It uses the host's /usr (so its systemctl, sh and docker CLI are the
 * host's), the host's engine socket, and a unit directory the test owns, mounted at
 * /etc/systemd/system. Slipway reaches it with supervisorExec = ["docker", "exec", NAME].
 */
export class SystemdHost {
  readonly name: string;
  readonly image: string;

  constructor(
    readonly unitDir: string,
    private readonly labels: Record<string, string>,
  ) {
    const id = crypto.randomBytes(4).toString("hex");
    this.name = `slipway-test-systemd-${id}`;
    this.image = `slipway-test/systemd-host:${id}`;
  }

  async start(): Promise<void> {
    fs.mkdirSync(this.unitDir, { recursive: true });
    await this.importImage();
    const machineId = path.join(path.dirname(this.unitDir), "machine-id");
    fs.writeFileSync(machineId, crypto.randomBytes(16).toString("hex") + "\n");
    const res = await run([
      "docker",
      "run",
      "--detach",
      "--name",
      this.name,
      ...this.labelArgs("--label"),
      // --privileged asks for every capability, and this machine's bounding set lacks CAP_SYS_RESOURCE.
      "--cap-add",
      "ALL",
      "--cap-drop",
      "SYS_RESOURCE",
      "--security-opt",
      "seccomp=unconfined",
      "--security-opt",
      "apparmor=unconfined",
      "--cgroupns",
      "host",
      "-v",
      "/sys/fs/cgroup:/sys/fs/cgroup:rw",
      "-v",
      "/usr:/usr:ro",
      "-v",
      `${this.unitDir}:/etc/systemd/system`,
      "-v",
      "/var/run/docker.sock:/var/run/docker.sock",
      "-v",
      `${machineId}:/etc/machine-id:ro`,
      "--tmpfs",
      "/run",
      "--tmpfs",
      "/tmp",
      this.image,
      "/lib/systemd/systemd",
      "--unit=multi-user.target",
    ]);
    if (res.code !== 0) throw new Error(`could not start systemd in a container: ${res.stderr}`);
    await this.waitBooted();
    // The engine runs outside this systemd: a stand-in docker.service satisfies the units' Requires=.
    const stub =
      "[Unit]\nDescription=the Docker engine, running outside this container\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n";
    const put = await run(
      [
        "docker",
        "exec",
        "-i",
        this.name,
        "/bin/sh",
        "-c",
        "cat > /run/systemd/system/docker.service && systemctl daemon-reload",
      ],
      { input: stub },
    );
    if (put.code !== 0) throw new Error(`could not install the docker.service stand-in: ${put.stderr}`);
  }

  systemctl(args: string[]): Promise<RunResult> {
    return run(["docker", "exec", this.name, "systemctl", ...args]);
  }

  async stop(): Promise<void> {
    await run(["docker", "rm", "-f", this.name]);
    await run(["docker", "rmi", this.image]);
  }

  /** An empty root with Debian's merged-/usr links; everything else is mounted from the host. */
  private async importImage(): Promise<void> {
    const root = fs.mkdtempSync(path.join(path.dirname(this.unitDir), "systemd-root-"));
    for (const d of ["etc", "run", "tmp", "var", "proc", "sys", "dev", "usr"])
      fs.mkdirSync(path.join(root, d));
    for (const l of ["bin", "lib", "lib64", "sbin"]) fs.symlinkSync(`usr/${l}`, path.join(root, l));
    const tar = await run([
      "/bin/sh",
      "-c",
      'root=$1 image=$2; shift 2; tar -C "$root" -c . | docker import "$@" - "$image"',
      "sh",
      root,
      this.image,
      ...this.labelArgs("--change", "LABEL "),
    ]);
    fs.rmSync(root, { recursive: true, force: true });
    if (tar.code !== 0) throw new Error(`could not import the systemd host image: ${tar.stderr}`);
  }

  private async waitBooted(): Promise<void> {
    const deadline = Date.now() + 60_000;
    let said = "";
    while (Date.now() < deadline) {
      said = (await this.systemctl(["is-system-running"])).stdout.trim();
      if (said === "running" || said === "degraded") return;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`systemd in ${this.name} did not finish booting: ${said}`);
  }

  private labelArgs(flag: string, prefix = ""): string[] {
    return Object.entries(this.labels).flatMap(([k, v]) => [flag, `${prefix}${k}=${v}`]);
  }
}
