import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import { before, describe, it } from "node:test";
import { engine } from "../support/base-image.js";
import { useServerWithApp, type Harness, type RunResult } from "../support/harness.js";

const APP = "everyday";
// Says when each container starts, so `logs -f` can be seen to pick up new ones.
const DOCKERFILE = `FROM slipway-test/busybox:1
COPY index.html /www/index.html
EXPOSE 5000
CMD echo "booted $HOSTNAME"; exec httpd -f -p "$PORT" -h /www
`;

// A job that never fires by itself: cron:run starts it, as slipwayd would.
const TEMPLATE = `services:
  web:
    build: .
cron:
  - id: hello
    schedule: "0 0 1 1 *"
    service: web
    run: echo "cron says hi"; exit 4
`;

async function waitFor(
  what: string,
  ok: () => Promise<boolean> | boolean,
  timeoutMs = 15_000,
): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (await ok()) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} not within ${timeoutMs}ms`);
}

/** An ssh client left running, as a user's terminal would be; stdin stays open until killed. */
function sshClient(h: Harness, command: string): { child: ReturnType<typeof spawn>; output: () => string } {
  const [ssh, ...argv] = h.sshArgv(command);
  const child = spawn(ssh, argv, { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  child.stdout!.setEncoding("utf8").on("data", (d) => (out += d));
  child.stderr!.setEncoding("utf8").on("data", (d) => (out += d));
  return { child, output: () => out };
}

/** Server-side ssh-serve processes of this harness (found by the state dir sshd gives them). */
function serverProcesses(h: Harness): number[] {
  return fs
    .readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .map(Number)
    .filter((pid) => {
      try {
        const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
        return (
          cmd.includes("ssh-serve") &&
          fs.readFileSync(`/proc/${pid}/environ`, "utf8").includes(`SLIPWAY_STATE=${h.state}`)
        );
      } catch {
        return false;
      }
    });
}

const oneOffs = (h: Harness, kind: string) =>
  engine.listContainers({
    all: true,
    filters: { label: [h.label, `slipway.app=${APP}`, `slipway.oneoff=${kind}`] },
  });

describe("everyday commands: run, run:detached, enter", () => {
  const { h, work } = useServerWithApp("hello");
  const ok = (res: RunResult) => assert.equal(res.code, 0, res.stderr);
  const services = async () =>
    (
      await engine.listContainers({
        all: true,
        filters: { label: [h.label, `slipway.app=${APP}`, "slipway.service=web"] },
      })
    ).filter((c) => !c.Labels["slipway.oneoff"]);

  before(async () => {
    work().write("Dockerfile", DOCKERFILE).write("slipway.yml", TEMPLATE);
    await work().commit("boot line");
    const pushed = await work().push(h.remoteUrl(APP));
    // A failed hook cancels every test here; say why where CI's summary shows it, beside the first.
    if (pushed.code !== 0) console.log(`the set-up push failed:\n${pushed.stderr}`);
    ok(pushed);
  });

  it("`run -t` without a terminal runs without one and returns", async () => {
    const res = await h.ssh(`run ${APP} -t sh -c 'echo in-sh'`, undefined, { input: "" });
    ok(res);
    assert.match(res.stdout, /in-sh/);
    assert.match(res.stderr, /no terminal here/);
  });

  it("a client that goes away stops the container and the server process within seconds", async () => {
    const client = sshClient(h, `run ${APP} sleep 300`);
    await waitFor("the one-off running", async () =>
      (await oneOffs(h, "run")).some((c) => c.State === "running"),
    );
    assert.ok(serverProcesses(h).length > 0, "ssh-serve is running");
    client.child.kill("SIGKILL");
    const took = await waitFor(
      "container and ssh-serve gone",
      async () => !(await oneOffs(h, "run")).length && !serverProcesses(h).length,
      10_000,
    );
    console.log(`client gone -> cleaned up in ${took} ms`);
  });

  it("a command that does not exist exits 127, as a shell's does; one not executable 126", async () => {
    const res = await h.ssh(`run ${APP} nonexistentcmd`);
    assert.equal(res.code, 127, res.stderr);
    assert.match(res.stderr, /nonexistentcmd: command not found/);
    assert.doesNotMatch(res.stderr, /bug in Slipway/);
    assert.equal((await h.ssh(`run ${APP} /www/index.html`)).code, 126);
    assert.deepEqual(await oneOffs(h, "run"), []);
  });

  it("run:detached prints the container's name, labels it, and it goes when it exits", async () => {
    const res = await h.ssh(`run:detached ${APP} sleep 3`);
    ok(res);
    const name = res.stdout.trim();
    assert.match(name, new RegExp(`-${APP}\\.web\\.detached-[0-9a-f]{6}$`));
    assert.deepEqual(
      (await oneOffs(h, "detached")).map((c) => c.Names[0]),
      [`/${name}`],
    );
    assert.match(
      (await h.ssh(`ps:report ${APP}`)).stdout,
      new RegExp(`^web \\(detached\\) +- +${name} +running`, "m"),
    );
    await waitFor("the detached container removed", async () => !(await oneOffs(h, "detached")).length);
  });

  it("enter runs a command in the running web container, with its exit code", async () => {
    const res = await h.ssh(`enter ${APP} cat /www/index.html`);
    ok(res);
    assert.equal(res.stdout, "hello v1\n");
    assert.equal((await h.ssh(`enter ${APP} web sh -c 'exit 3'`)).code, 3);
    assert.equal((await h.ssh(`enter ${APP} nonexistentcmd`)).code, 127);
  });

  it("enter's command gets a hang-up when the client goes away", async () => {
    const web = async () => (await services()).find((c) => c.State === "running")!.Id;
    const sleeping = async () =>
      JSON.stringify((await engine.getContainer(await web()).top()).Processes).includes("sleep 301");
    const client = sshClient(h, `enter ${APP} sleep 301`);
    await waitFor("sleep running in the web container", sleeping);
    client.child.kill("SIGKILL");
    await waitFor(
      "sleep and ssh-serve gone",
      async () => !(await sleeping()) && !serverProcesses(h).length,
      10_000,
    );
  });

  const releases = async () =>
    JSON.parse((await h.ssh(`releases ${APP} --json`)).stdout) as {
      release: number;
      cause: string;
      live: unknown;
    }[];

  it("ps:stop stops every container and nginx says the app is stopped; ps:restore keeps it so; ps:start brings it back", async () => {
    const before = (await releases()).length;
    ok(await h.ssh(`ps:stop ${APP}`));
    const stopped = await h.fetch(APP);
    assert.equal(stopped.status, 503);
    assert.match(stopped.body, new RegExp(`${APP} is stopped`));
    assert.ok(
      (await services()).every((c) => c.State !== "running"),
      "no web container runs",
    );
    ok(await h.slipway(["ps:restore", APP]));
    assert.equal((await h.fetch(APP)).status, 503, "still stopped after a restore (as at boot)");
    assert.ok((await services()).every((c) => c.State !== "running"));
    ok(await h.ssh(`ps:start ${APP}`));
    assert.deepEqual(await h.fetch(APP), { status: 200, body: "hello v1\n" });
    assert.equal((await releases()).length, before, "the same release, no new one");
  });

  it("ps:rebuild builds the deploy branch's head again as a new release", async () => {
    const before = await releases();
    const res = await h.ssh(`ps:rebuild ${APP}`);
    ok(res);
    const after = await releases();
    assert.equal(after.length, before.length + 1);
    const newest = after.reduce((a, b) => (a.release > b.release ? a : b));
    assert.equal(newest.cause, "rebuild");
    assert.deepEqual(await h.fetch(APP), { status: 200, body: "hello v1\n" });
  });

  it("a cron run's output is in `logs APP` as cron:ID, and its result in cron:list", async () => {
    assert.equal((await h.ssh(`cron:run ${APP} hello`)).code, 4);
    const logs = await h.ssh(`logs ${APP} --num 5`);
    ok(logs);
    assert.match(logs.stdout, /^cron:hello +\| cron says hi$/m);
    assert.match(logs.stdout, /^web\.\d+ +\| booted \w+$/m);
    const [job] = JSON.parse((await h.ssh(`cron:list ${APP} --json`)).stdout) as {
      last: { exitCode: number; trigger: string };
    }[];
    assert.deepEqual([job.last.exitCode, job.last.trigger], [4, "manual"]);
    assert.match((await h.ssh(`cron:list ${APP}`)).stdout, /LAST\n.* exit 4\n$/);
  });

  it("logs --tail (Dokku's and Heroku's follow) keeps following across a restart and a scale-up, and ends when the client goes away", async () => {
    const client = sshClient(h, `logs ${APP} --tail -n 1`);
    const booted = () => new Set(client.output().match(/web\.\d+ +\| booted \w+/g) ?? []);
    await waitFor("the running container's boot line", () => booted().size === 1);
    ok(await h.ssh(`ps:restart ${APP}`));
    await waitFor("the restarted container's boot line", () => booted().size >= 2);
    ok(await h.ssh(`ps:scale ${APP} web=2`));
    await waitFor("the added container's boot line", () => booted().size >= 3);
    assert.equal((await h.ssh(`cron:run ${APP} hello`)).code, 4);
    await waitFor("the cron run's output", () => /cron:hello +\| cron says hi/.test(client.output()));
    assert.equal(client.child.exitCode, null, "still following");
    client.child.kill("SIGKILL");
    await waitFor("the server's logs process gone", () => !serverProcesses(h).length, 10_000);
  });
});
