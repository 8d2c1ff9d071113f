// `npm run bench`: push-to-live of one app on the Swarm scheduler beside the same app single-host, in
// the same run, and the seconds until nginx reroutes after a node is lost. Puts the host engine into
// swarm mode for its run (a manager and one node container) and leaves it after; fails loudly when
// swarm cannot be set up.
import fs from "node:fs";
import path from "node:path";
import { engine } from "../test/support/base-image.js";
import { startNode, stopNode, type ClusterNode } from "../test/support/cluster-node.js";
import { Daemon } from "../test/support/daemon.js";
import { Harness, WorkTree, freePort, run } from "../test/support/harness.js";
import { median, now, pollUntil, secs, sleep } from "./timing.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const h = new Harness();
const daemon = new Daemon(h);
let node: ClusterNode | undefined;

function fail(why: string): never {
  console.error(` !     swarm benchmark: ${why}`);
  process.exit(1);
}

async function slipway(args: string[]): Promise<void> {
  const res = await h.slipway(args);
  if (res.code !== 0) fail(`slipway ${args.join(" ")} failed:\n${res.stderr}`);
}

/** Seconds from the start of `git push` until nginx serves the new text. */
async function pushToLive(app: string, work: WorkTree, text: string): Promise<number> {
  work.write("index.html", `${text}\n`);
  await work.commit(text);
  const start = now();
  const push = await work.push(h.remoteUrl(app));
  if (push.code !== 0) fail(`push to ${app} failed:\n${push.stderr}`);
  const served = async () => (await h.fetch(app)).body === `${text}\n`;
  if (!(await pollUntil(served, 20))) fail(`nginx did not serve "${text}" for ${app}`);
  return now() - start;
}

/** Seconds until nginx routes web only to tasks off the killed node. */
async function rerouteAfterLoss(app: string): Promise<number> {
  const vhost = () => fs.readFileSync(path.join(h.dir, "vhosts", `${app}.conf`), "utf8");
  const onNode = () => vhost().includes(`server ${node!.address}:`);
  if (!(await pollUntil(async () => onNode(), 250, 30_000))) fail("no web task landed on the node container");
  const start = now();
  await engine.getContainer(node!.id).kill();
  if (!(await pollUntil(async () => !onNode(), 250, 90_000))) fail("nginx did not follow within 90 s");
  return now() - start;
}

async function main(): Promise<void> {
  if ((await engine.info()).Swarm?.LocalNodeState !== "inactive")
    fail("the host engine is already in swarm mode; leave it (docker swarm leave --force) and run again");
  const manager = (await engine.getNetwork("bridge").inspect()).IPAM?.Config?.[0]?.Gateway ?? "";
  await h.start();
  const key = path.join(h.dir, "node_key");
  await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key]);
  await slipway(["cluster:init", "--advertise-addr", manager, "--registry-port", String(await freePort())]);
  node = await startNode(`slipway-bench-${h.id}`, fs.readFileSync(`${key}.pub`, "utf8"), {
    [h.label.split("=")[0]]: h.id,
  });
  await slipway(["cluster:add", `root@${node.address}`, "--ssh-key", key]);
  await daemon.start();
  const works = {
    single: await new WorkTree(h.clientEnv()).init("hello"),
    multi: await new WorkTree(h.clientEnv()).init("hello"),
  };
  await slipway(["apps:create", "multi"]);
  await slipway(["scheduler:set", "multi", "swarm"]);
  const times: Record<"single" | "multi", number[]> = { single: [], multi: [] };
  for (const app of ["single", "multi"] as const) await pushToLive(app, works[app], `${app} warm-up`); // not measured
  for (let round = 1; round <= ROUNDS; round++)
    for (const app of ["single", "multi"] as const) {
      times[app].push(await pushToLive(app, works[app], `${app} ${round}`));
      await sleep(3000); // let the old release drain before the next measurement
    }
  await slipway(["ps:scale", "multi", "web=2"]);
  const reroute = await rerouteAfterLoss("multi");
  const [single, multi] = [median(times.single), median(times.multi)];
  console.log(
    `\nswarm benchmark, ${new Date().toISOString().slice(0, 10)}, ${ROUNDS} rounds, manager + 1 node (seconds)`,
  );
  console.log(`push-to-live single-host  ${times.single.map(secs).join(" ")}  median ${secs(single)}`);
  console.log(
    `push-to-live swarm        ${times.multi.map(secs).join(" ")}  median ${secs(multi)} (+${secs(multi - single)})`,
  );
  console.log(
    `reroute after node loss   ${secs(reroute)} (kill of the node container until nginx no longer routes there)`,
  );
  for (const w of Object.values(works)) w.remove();
}

try {
  await main();
} finally {
  await daemon.stop().catch(() => undefined);
  await h.slipway(["cluster:leave", "--force"]).catch(() => undefined);
  if (node) await stopNode(node);
  await h.stop();
}
