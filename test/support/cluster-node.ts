import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { engine } from "./base-image.js";
import { run } from "./harness.js";

/** Every image and container this fixture makes carries it; test/cluster's cleanup removes them. */
export const NODE_LABEL = "slipway.test-cluster-node";

// A Debian server as users have one: dockerd running (data on a volume, so overlay2 works), sshd for root.
const NODE_INIT = `#!/bin/sh
mkdir -p /root/.ssh /run/sshd && chmod 700 /root/.ssh
printf '%s\\n' "$AUTHORIZED_KEY" > /root/.ssh/authorized_keys
ssh-keygen -A >/dev/null
dockerd >/var/log/dockerd.log 2>&1 &
exec /usr/sbin/sshd -D -e
`;

const NODE_DOCKERFILE = (base: string) => `FROM ${base}
COPY ca/ /usr/local/share/ca-certificates/
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \\
    docker.io openssh-server ca-certificates iptables procps >/dev/null && rm -rf /var/lib/apt/lists/* \\
    && update-ca-certificates >/dev/null
COPY node-init /usr/local/bin/node-init
VOLUME /var/lib/docker
ENTRYPOINT ["/usr/local/bin/node-init"]
`;

const CA_DIR = "/usr/local/share/ca-certificates";
const hash = crypto.createHash("sha256").update(NODE_INIT).update(NODE_DOCKERFILE("")).digest("hex");
export const NODE_IMAGE = `slipway-test/cluster-node:${hash.slice(0, 12)}`;
const ROOTFS_IMAGE = "slipway-test/debian-minbase:bookworm";

/** The flags a node container needs: --privileged fails on this kernel (no CAP_SYS_RESOURCE to give). */
export const NODE_RUN_FLAGS = {
  CapAdd: ["ALL"],
  CapDrop: ["SYS_RESOURCE"],
  SecurityOpt: ["seccomp=unconfined", "apparmor=unconfined"],
  CgroupnsMode: "host",
  Binds: ["/sys/fs/cgroup:/sys/fs/cgroup:rw"],
};

async function hasImage(tag: string): Promise<boolean> {
  return engine
    .getImage(tag)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

/** Debian bookworm from `debootstrap --variant=minbase`, imported as an image: no registry is reachable. */
async function ensureRootfsImage(): Promise<void> {
  if (await hasImage(ROOTFS_IMAGE)) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-rootfs-"));
  try {
    const boot = await run(
      ["debootstrap", "--variant=minbase", "bookworm", dir, "http://deb.debian.org/debian"],
      { timeoutMs: 600_000 },
    );
    if (boot.code !== 0) throw new Error(`debootstrap failed: ${boot.stderr || boot.stdout}`);
    const tar = spawn("tar", ["-C", dir, "-c", "."], { stdio: ["ignore", "pipe", "inherit"] });
    const [repo, tag] = ROOTFS_IMAGE.split(":");
    const stream = await engine.importImage(
      tar.stdout as never,
      {
        repo,
        tag,
        changes: [`LABEL ${NODE_LABEL}=1`],
      } as never,
    );
    await follow(stream as unknown as NodeJS.ReadableStream, ROOTFS_IMAGE);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Build the node image once per suite run: debootstrap, then docker.io, openssh-server, the host CAs. */
export async function ensureNodeImage(): Promise<void> {
  if (await hasImage(NODE_IMAGE)) return;
  await ensureRootfsImage();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-node-image-"));
  try {
    fs.mkdirSync(path.join(dir, "ca"));
    for (const f of fs.existsSync(CA_DIR) ? fs.readdirSync(CA_DIR) : [])
      if (f.endsWith(".crt")) fs.copyFileSync(path.join(CA_DIR, f), path.join(dir, "ca", f));
    fs.writeFileSync(path.join(dir, "Dockerfile"), NODE_DOCKERFILE(ROOTFS_IMAGE));
    fs.writeFileSync(path.join(dir, "node-init"), NODE_INIT, { mode: 0o755 });
    const tar = spawn("tar", ["-C", dir, "-c", "."], { stdio: ["ignore", "pipe", "inherit"] });
    const labels = { [NODE_LABEL]: "1" };
    const stream = await engine.buildImage(
      tar.stdout as never,
      { t: NODE_IMAGE, labels, forcerm: true } as never,
    );
    await follow(stream as unknown as NodeJS.ReadableStream, NODE_IMAGE);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function follow(stream: NodeJS.ReadableStream, what: string): Promise<void> {
  const events: Array<{ error?: string }> = await new Promise((resolve, reject) =>
    engine.modem.followProgress(stream as never, (err: Error | null, out: Array<{ error?: string }>) =>
      err ? reject(err) : resolve(out),
    ),
  );
  const failed = events.find((e) => e.error);
  if (failed) throw new Error(`building ${what} failed: ${failed.error}`);
}

export interface ClusterNode {
  id: string;
  name: string;
  /** The container's address on docker0: where its sshd and host-mode ports answer. */
  address: string;
}

/** Start a node container whose root accepts `publicKey` over ssh; its dockerd is up when this returns. */
export async function startNode(name: string, publicKey: string, labels: Record<string, string> = {}) {
  await ensureNodeImage();
  const container = await engine.createContainer({
    Image: NODE_IMAGE,
    name,
    Hostname: name,
    Env: [`AUTHORIZED_KEY=${publicKey.trim()}`],
    Labels: { [NODE_LABEL]: "1", ...labels },
    HostConfig: NODE_RUN_FLAGS,
  } as never);
  await container.start();
  const info = await container.inspect();
  const node: ClusterNode = { id: container.id, name, address: info.NetworkSettings.IPAddress };
  await waitForNode(node);
  return node;
}

async function waitForNode(node: ClusterNode): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const res = await run(["docker", "exec", node.id, "docker", "info", "--format", "{{.ID}}"]);
    if (res.code === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the dockerd in node ${node.name} did not answer within 60 s`);
}

/** Stop and remove a node container with its /var/lib/docker volume. */
export async function stopNode(node: ClusterNode): Promise<void> {
  await engine
    .getContainer(node.id)
    .remove({ force: true, v: true })
    .catch(() => {});
}
