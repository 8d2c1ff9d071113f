// After the cluster suite, pass or fail: no swarm on the host, no node containers or images, no
// registry left running from a test state dir, and no registry CA of a test cluster trusted.
import fs from "node:fs";
import path from "node:path";
import { engine, removeLabelled } from "../support/base-image.js";
import { NODE_LABEL } from "../support/cluster-node.js";

const info = await engine.info();
if (info.Swarm?.LocalNodeState !== "inactive") await engine.swarmLeave({ force: true }).catch(() => {});
// Swarm made this bridge for its tasks and leaving keeps it; with no swarm it serves nothing.
await engine
  .getNetwork("docker_gwbridge")
  .remove()
  .catch(() => {});
for (const c of await engine.listContainers({ all: true, filters: { label: [NODE_LABEL] } }))
  await engine
    .getContainer(c.Id)
    .remove({ force: true, v: true })
    .catch(() => {});
// The node image takes minutes to build: a developer may keep it between runs; CI never does.
if (process.env.SLIPWAY_KEEP_NODE_IMAGE !== "1") await removeLabelled(NODE_LABEL);

// Registries a test started: docker-registry processes serving a config under a test state dir.
for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
  let cmdline: string[] = [];
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    continue; // exited while we looked
  }
  if (
    cmdline[0] === "/usr/bin/docker-registry" &&
    /\/slipway-e2e-[^/]+\/state\/cluster\//.test(cmdline[2] ?? "")
  )
    try {
      process.kill(Number(pid), "SIGTERM");
    } catch {
      // already gone
    }
}

// CA trust written for a test cluster: its CA's subject is Slipway's.
const certsD = "/etc/docker/certs.d";
for (const dir of fs.existsSync(certsD) ? fs.readdirSync(certsD) : []) {
  const ca = path.join(certsD, dir, "ca.crt");
  const text = fs.existsSync(ca) ? fs.readFileSync(ca, "utf8") : "";
  if (text && (await isSlipwayTestCa(ca)))
    fs.rmSync(path.join(certsD, dir), { recursive: true, force: true });
}

async function isSlipwayTestCa(file: string): Promise<boolean> {
  const { run } = await import("../support/harness.js");
  const res = await run(["openssl", "x509", "-in", file, "-noout", "-subject"]);
  return res.stdout.includes("Slipway cluster registry CA");
}
