import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { engine } from "../support/base-image.js";
import { Daemon } from "../support/daemon.js";
import { SLIPWAY_BIN, useServerWithApp, type RunResult } from "../support/harness.js";
import { patchSettings } from "../support/settings-file.js";

interface LogLine {
  message: string;
  app?: string;
  job?: string;
  exitCode?: number;
  durationMs?: number;
  output?: string;
  timestamp: string;
}

describe("cron in slipwayd, cron:list, cron:run and one-off `run` containers", () => {
  const { h, work } = useServerWithApp("cron");
  const daemon = new Daemon(h);
  const ok = (res: RunResult) => assert.equal(res.code, 0, res.stderr);
  const log = (): LogLine[] => {
    const file = path.join(h.state, "logs", "slipwayd.log");
    return fs.existsSync(file)
      ? fs
          .readFileSync(file, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l))
      : [];
  };
  const jobLog = (job: string) => log().filter((l) => l.app === "crony" && l.job === job);
  const oneOffs = async (label: string) =>
    engine.listContainers({ all: true, filters: { label: [h.label, label] } });

  before(async () => {
    // The fixture's jobs run every few seconds so the wait stays short; servers refuse that by default.
    patchSettings(h, (s) => (s.cronSeconds = true));
    ok(await h.slipway(["apps:create", "crony"]));
    ok(await h.slipway(["config:set", "crony", "GREETING=hi there"]));
    ok(await work().push(h.remoteUrl("crony")));
    await daemon.start();
  });
  after(() => daemon.stop());

  it("runs a scheduled job within the bounded wait, in the service's image and env, and logs it", async () => {
    await waitFor(
      "a finished tick run",
      () => jobLog("tick").some((l) => l.message === "cron run finished"),
      45_000,
    );
    const done = jobLog("tick").find((l) => l.message === "cron run finished")!;
    assert.equal(done.exitCode, 0);
    assert.match(done.output!, /tick hi there from web/);
    assert.ok(done.durationMs! > 0);
    assert.ok(jobLog("tick").some((l) => l.message === "cron run started"));
  });

  it("never starts a long job again while it is still running", async () => {
    await waitFor(
      "two finished slow runs and a skipped tick",
      () => {
        const lines = jobLog("slow");
        return (
          lines.filter((l) => l.message === "cron run finished").length >= 2 &&
          lines.some((l) => l.message === "cron run skipped")
        );
      },
      60_000,
    );
    const runs = jobLog("slow").filter((l) => l.message !== "cron run skipped");
    // Strictly alternating started/finished: no second start before the previous run's end.
    runs.forEach((l, i) =>
      assert.equal(l.message, i % 2 ? "cron run finished" : "cron run started", JSON.stringify(runs)),
    );
    for (const f of runs.filter((l) => l.message === "cron run finished")) {
      assert.equal(f.exitCode, 0);
      assert.ok(f.durationMs! >= 8000, "it really slept");
      assert.match(f.output!, /slow-start\nslow-end/);
    }
  });

  it("refuses a manual cron:run of a job that is running on schedule", async () => {
    // A run that just started, so it is still going (it sleeps 8 s) while cron:run tries.
    const seen = new Set((await oneOffs("slipway.cron=slow")).map((c) => c.Id));
    await waitFor(
      "a new slow run",
      async () => (await oneOffs("slipway.cron=slow")).some((c) => c.State === "running" && !seen.has(c.Id)),
      30_000,
    );
    const res = await h.slipway(["cron:run", "crony", "slow"]);
    assert.equal(res.code, 75, res.stderr);
    assert.match(res.stderr, /cron job slow of crony is still running/);
  });

  it("cron:list shows each job with its next run times", async () => {
    const res = await h.slipway(["cron:list", "crony", "--json"]);
    ok(res);
    const rows = JSON.parse(res.stdout) as Array<{
      id: string;
      schedule: string;
      service: string;
      command: string;
      next: string[];
    }>;
    assert.deepEqual(
      rows.map((r) => [r.id, r.schedule, r.service]),
      [
        ["tick", "*/5 * * * * *", "web"],
        ["slow", "*/2 * * * * *", "web"],
        ["fail", "0 0 1 1 *", "api"],
      ],
    );
    const tick = rows[0].next.map((t) => Date.parse(t));
    assert.equal(tick.length, 3);
    assert.ok(
      tick[0] > Date.now() - 1000 && tick[1] - tick[0] === 5000 && tick[2] - tick[1] === 5000,
      rows[0].next.join(" "),
    );
    assert.equal(new Date(rows[2].next[0]).getMonth(), 0);
    const table = await h.slipway(["cron:list", "crony"]);
    assert.match(table.stdout, /^ID\s+SCHEDULE\s+SERVICE\s+COMMAND\s+NEXT/);
  });

  it("cron:run runs a job now, prints its output and exits with its code", async () => {
    const res = await h.slipway(["cron:run", "crony", "fail"]);
    assert.equal(res.code, 7, res.stderr);
    assert.equal(res.stdout, "about to fail\n");
    const unknown = await h.slipway(["cron:run", "crony", "nope"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /crony has no cron job "nope"/);
    assert.match(unknown.stderr, /jobs: tick, slow, fail/);
  });

  it("run sees the deployment's config env, reaches a sibling service by name, and leaves nothing behind", async () => {
    const env = await h.slipway(["run", "crony", "env"]);
    ok(env);
    assert.match(env.stdout, /^GREETING=hi there$/m);
    assert.match(env.stdout, /^API_HOST=api$/m);
    const talk =
      "ip=$(nslookup api 2>/dev/null | awk '/^Address/ { a = $NF } END { print a }'); printf 'GET /api.txt HTTP/1.0\\r\\n\\r\\n' | nc -w 3 \"$ip\" \"$API_PORT\"";
    const res = await h.slipway(["run", "crony", "sh", "-c", talk]);
    ok(res);
    assert.match(res.stdout, /pong from api/);
    await waitFor(
      "run containers removed",
      async () => (await oneOffs("slipway.oneoff=run")).length === 0,
      15_000,
    );
  });

  it("run exits with the command's exit code and names the services when one is unknown", async () => {
    const res = await h.slipway([
      "run",
      "crony",
      "--service",
      "api",
      "sh",
      "-c",
      "echo $SLIPWAY_SERVICE; exit 5",
    ]);
    assert.equal(res.code, 5);
    assert.equal(res.stdout, "api\n");
    const bad = await h.slipway(["run", "crony", "--service", "nope", "true"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /no service named nope/);
    assert.match(bad.stderr, /services: web, api/);
    assert.equal((await h.slipway(["run", "Bad_Name", "true"])).code, 1);
  });

  it("run pipes binary stdin through byte for byte, locally and over ssh, and ends it at EOF", async () => {
    const data = binaryInput(300 * 1024 + 7);
    const sum = crypto.createHash("sha256").update(data).digest("hex");
    // `cat` returns only at EOF, so the half-close reached the command; exit 4 comes back as ours.
    const script = "cat > /tmp/in && sha256sum < /tmp/in && wc -c < /tmp/in; exit 4";
    const local = await h.slipway(["run", "crony", "sh", "-c", script], data);
    assert.equal(local.code, 4, local.stderr);
    assert.equal(local.stdout, `${sum}  -\n${data.length}\n`);
    const remote = await h.ssh(`run crony -- sh -c "${script}"`, undefined, { input: data });
    assert.equal(remote.code, 4, remote.stderr);
    assert.equal(remote.stdout, `${sum}  -\n${data.length}\n`);
    // `< file`: Node reads a file, not a pipe, as stdin.
    const file = path.join(h.state, "stdin.bin");
    fs.writeFileSync(file, data);
    const redirected = await runWithStdinFile([SLIPWAY_BIN, "run", "crony", "sha256sum"], file, h.env);
    assert.equal(redirected.code, 0, redirected.stderr);
    assert.equal(redirected.stdout, `${sum}  -\n`);
    const empty = await h.slipway(["run", "crony", "wc", "-c"]);
    assert.equal(empty.code, 0, empty.stderr);
    assert.equal(empty.stdout.trim(), "0");
  });

  it("run and cron:run return when the command ends, though the caller's stdin stays open", async () => {
    const started = Date.now();
    const head = await h.slipway(["run", "crony", "sh", "-c", "head -c 3; exit 6"], "abcdef", {
      openStdin: true,
      timeoutMs: 30_000,
    });
    assert.equal(head.code, 6, head.stderr);
    assert.equal(head.stdout, "abc");
    const remote = await h.ssh("run crony sh -c 'exit 3'", undefined, { openStdin: true });
    assert.equal(remote.code, 3, remote.stderr);
    // A cron job never reads stdin, so an open one is never waited for.
    const job = await h.slipway(["cron:run", "crony", "fail"], "", { openStdin: true, timeoutMs: 30_000 });
    assert.equal(job.code, 7, job.stderr);
    assert.equal(job.stdout, "about to fail\n");
    assert.ok(Date.now() - started < 30_000, "none waited for our stdin to end");
  });

  it("run -t gives an interactive terminal over ssh -tt", async () => {
    const res = await h.ssh("run crony -t sh -c 'echo through-a-pty; tty'", undefined, { flags: ["-tt"] });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^through-a-pty\r\n\/dev\/pts\/\d+\r\n$/, JSON.stringify(res.stdout));
    // Typed input reaches the container's shell and its exit code comes back through ssh.
    const shell = await h.ssh("run crony -t sh", undefined, {
      flags: ["-tt"],
      input: "echo answer-$((6*7))\rexit 9\r",
    });
    assert.equal(shell.code, 9, shell.stderr);
    assert.match(shell.stdout, /^answer-42\r$/m);
    // Without -t, keys typed at a terminal are not read: `run myapp env` never waits for the keyboard.
    const keys = await h.ssh("run crony wc -c", undefined, { flags: ["-tt"], input: "typed\r" });
    assert.equal(keys.code, 0, keys.stderr);
    assert.match(keys.stdout, /^0\r?\n$/m);
    const plain = await h.ssh("run crony sh -c 'exit 3'");
    assert.equal(plain.code, 3);
  });
});

/** Run argv with a file as its stdin, as a shell's `< file` gives it. */
function runWithStdinFile(argv: string[], file: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  const fd = fs.openSync(file, "r");
  const child = spawn(argv[0], argv.slice(1), { env, stdio: [fd, "pipe", "pipe"], timeout: 60_000 });
  fs.closeSync(fd);
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  return new Promise((resolve) =>
    child.once("close", (code) => resolve({ code: code ?? 1, stdout, stderr })),
  );
}

/** Random bytes with runs of NULs, ^C, ^D and CRLFs in them: anything a terminal or a text decoder would mangle. */
function binaryInput(size: number): Buffer {
  const data = crypto.randomBytes(size);
  for (let i = 0; i + 16 < size; i += 4096)
    data.set([0, 0, 0, 0, 3, 4, 13, 10, 0, 255, 254, 0, 0x1b, 0, 26, 0], i);
  return data;
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
