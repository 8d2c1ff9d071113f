import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import { Writable } from "node:stream";
import type { Container } from "dockerode";
import type { Settings } from "../state/settings.js";
import { docker } from "../engine/docker.js";
import { liveRelease, liveServiceSpec } from "./live-service-spec.js";
import { oneOffContainerOptions, type OneOffKind, type OneOffStdin } from "../engine/one-off-container.js";
import { networkName, overlayName } from "../engine/service-container.js";
import { reportStartFailure, startFailureCode } from "../engine/start-error.js";
import { onClientGone } from "../system/on-client-gone.js";

export interface OneOffRequest {
  app: string;
  service: string;
  kind: OneOffKind;
  cmd: string[];
  stdin: OneOffStdin;
  extraLabels?: Record<string, string>;
  /** Also given every piece of output, as it is printed (cron:run keeps it for `logs APP`). */
  onOutput?: (chunk: Buffer) => void;
}

/** Run a command in a one-off container of a live service, wired to this process's stdio; resolves to its exit code. */
export async function runOneOff(settings: Settings, req: OneOffRequest): Promise<number> {
  const container = await createOneOff(settings, req);
  const { ended } = await attach(container, req.stdin, req.onOutput);
  // Asked before start: the engine removes the container as soon as it exits, and then there is nothing to ask.
  const exited = container.wait({ condition: "next-exit" }) as Promise<{ StatusCode: number }>;
  // A client that hangs up must not leave the command running: kill it, and its exit ends us too.
  const unwatch = onClientGone(() => void container.kill().catch(() => undefined));
  try {
    const failed = await container.start().then(
      () => undefined,
      (err: unknown) => err,
    );
    if (failed) return await startFailed(container, failed, req.cmd[0]);
    if (req.stdin === "tty") followTerminalSize(container);
    const [{ StatusCode }] = await Promise.all([exited, ended]);
    return StatusCode;
  } finally {
    unwatch();
    releaseStdin(req.stdin);
  }
}

/** Start a one-off with no one attached and return its name; the engine removes it when it exits. */
export async function startDetached(
  settings: Settings,
  req: Omit<OneOffRequest, "stdin">,
): Promise<string | number> {
  const container = await createOneOff(settings, { ...req, stdin: "none" });
  const failed = await container.start().then(
    () => undefined,
    (err: unknown) => err,
  );
  if (failed) return startFailed(container, failed, req.cmd[0]);
  return ((await container.inspect()).Name ?? "").replace(/^\//, "");
}

async function createOneOff(settings: Settings, req: OneOffRequest): Promise<Container> {
  const release = liveRelease(req.app);
  const spec = await liveServiceSpec(settings, req.app, release, req.service);
  // On Swarm the one-off runs on the manager, attached to the overlay, where the app's services are.
  const onSwarm = Object.values(release.services).some((s) => s.swarm);
  const network = (onSwarm ? overlayName : networkName)(settings.namePrefix, req.app);
  const engine = await docker();
  return engine.createContainer(
    oneOffContainerOptions(spec, {
      namePrefix: settings.namePrefix,
      labels: settings.labels,
      app: req.app,
      kind: req.kind,
      suffix: crypto.randomBytes(3).toString("hex"),
      network,
      cmd: req.cmd,
      stdin: req.stdin,
      extraLabels: req.extraLabels,
    }),
  );
}

/** A command that cannot start exits 127 or 126 as in a shell; the never-started container goes. */
async function startFailed(container: Container, err: unknown, command: string): Promise<number> {
  await container.remove({ force: true }).catch(() => undefined);
  const code = startFailureCode(err);
  if (code === undefined) throw err;
  return reportStartFailure(code, command);
}

/** Stream the container's output here and our stdin there; `ended` settles when the container closes its output. */
async function attach(
  container: Container,
  stdin: OneOffStdin,
  onOutput?: (chunk: Buffer) => void,
): Promise<{ ended: Promise<void> }> {
  // Hijacked, the engine hands us its raw socket: one we can half-close when our input ends.
  const open = stdin !== "none";
  const stream = await container.attach({
    stream: true,
    stdin: open,
    stdout: true,
    stderr: true,
    hijack: open,
  });
  const ended = new Promise<void>((resolve) => {
    stream.once("end", resolve);
    stream.once("close", resolve);
    // `on`, not `once`: writing the rest of our input after the container exited fails again (EPIPE).
    stream.on("error", () => resolve());
  });
  if (stdin === "tty") {
    stream.pipe(process.stdout, { end: false });
    if (process.stdin.isTTY) rawTerminal(true);
  } else {
    container.modem.demuxStream(stream, tee(process.stdout, onOutput), tee(process.stderr, onOutput));
  }
  if (open) pipeStdin(stream);
  return { ended };
}

/** On EOF, pipe() ends the socket: a half-close, which the engine passes on as the end of the command's stdin. */
function pipeStdin(stream: NodeJS.ReadWriteStream): void {
  process.stdin.pipe(stream);
  // A reset ssh connection ends the command's input, as EOF would, instead of crashing us mid-run.
  process.stdin.on("error", () => stream.end());
}

function followTerminalSize(container: Container): void {
  const resize = () => {
    if (process.stdout.columns)
      void container.resize({ h: process.stdout.rows, w: process.stdout.columns }).catch(() => undefined);
  };
  resize();
  process.stdout.on("resize", resize);
}

/**
 * Keys go to the container's terminal, not ours. Node's raw mode keeps newline translation on, and
 * the container's terminal already sends \r\n, so stty turns it off too (argv only, no shell).
 */
function rawTerminal(on: boolean): void {
  process.stdin.setRawMode(on);
  spawnSync("stty", [on ? "-onlcr" : "onlcr"], { stdio: ["inherit", "ignore", "ignore"] });
}

/** Give the terminal back and let go of stdin, so the process can exit though our input has not ended. */
function releaseStdin(stdin: OneOffStdin): void {
  if (stdin === "none") return;
  process.stdin.unpipe();
  if (stdin === "pipe") return void process.stdin.destroy();
  if (process.stdin.isTTY) rawTerminal(false);
  process.stdin.pause();
  process.stdin.unref?.();
}

/** `to`, and each chunk also to `also` when given. */
function tee(to: NodeJS.WritableStream, also?: (chunk: Buffer) => void): NodeJS.WritableStream {
  if (!also) return to;
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      also(chunk);
      if (to.write(chunk)) done();
      else to.once("drain", () => done());
    },
  });
}
