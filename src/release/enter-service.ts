import fs from "node:fs";
import { Writable } from "node:stream";
import type { Exec } from "dockerode";
import { SlipwayError } from "../errors.js";
import type { Settings } from "../state/settings.js";
import { onClientGone } from "../system/on-client-gone.js";
import { docker } from "../engine/docker.js";
import { checkService, liveRelease } from "./live-service-spec.js";
import type { OneOffStdin } from "../engine/one-off-container.js";
import { reportStartFailure, startFailureCode } from "../engine/start-error.js";

export interface EnterRequest {
  app: string;
  service: string;
  cmd: string[];
  stdin: OneOffStdin;
}

/** `docker exec` into the service's first running container, wired to our stdio; resolves to the exit code. */
export async function enterService(_settings: Settings, req: EnterRequest): Promise<number> {
  const engine = await docker();
  const container = engine.getContainer(await runningContainer(req));
  const open = req.stdin !== "none";
  const exec = await container.exec({
    Cmd: req.cmd,
    Tty: req.stdin === "tty",
    AttachStdin: open,
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: open, Tty: req.stdin === "tty" });
  const ended = new Promise<void>((resolve) => {
    stream.once("end", resolve);
    stream.once("close", resolve);
    stream.on("error", () => resolve());
  });
  const out = new EngineRefusal(process.stdout);
  if (req.stdin === "tty") stream.pipe(out, { end: false });
  else container.modem.demuxStream(stream, out, process.stderr);
  if (open) process.stdin.pipe(stream);
  // The engine has no way to stop an exec: on hang-up its process is signalled from inside.
  // Nobody is left to read an exit code, so once the command has its hang-up we go too.
  const unwatch = onClientGone(
    () =>
      void hangUp(exec)
        .catch(() => undefined)
        .finally(() => process.exit(129)),
  );
  try {
    await ended;
    const code = (await exec.inspect()).ExitCode ?? 1;
    const refused = out.refusal && startFailureCode(out.refusal);
    return refused ? reportStartFailure(refused, req.cmd[0]) : code;
  } finally {
    unwatch();
    if (open) process.stdin.unpipe().destroy();
  }
}

async function runningContainer(req: EnterRequest): Promise<string> {
  const release = liveRelease(req.app);
  checkService(release, req.service);
  const engine = await docker();
  const swarm = release.services[req.service]?.swarm;
  if (swarm) return swarmTaskHere(req, swarm.id);
  for (const c of release.services[req.service]?.containers ?? []) {
    const info = await engine
      .getContainer(c.id)
      .inspect()
      .catch(() => undefined);
    if (info?.State.Running) return c.id;
  }
  throw new SlipwayError("not-running", `${req.app} has no running ${req.service} container`, {
    hint: `start it with \`ps:start ${req.app}\`, or use \`run ${req.app}\` for a one-off container`,
  });
}

/** A running task container of the Swarm service on this server: exec reaches this engine only. */
async function swarmTaskHere(req: EnterRequest, serviceId: string): Promise<string> {
  const filters = { label: [`com.docker.swarm.service.id=${serviceId}`], status: ["running"] };
  const [task] = await (await docker()).listContainers({ filters });
  if (task) return task.Id;
  throw new SlipwayError(
    "not-on-this-server",
    `${req.app}'s ${req.service} runs as Swarm tasks on other nodes; enter reaches containers on this server only`,
    {
      hint: `use \`run ${req.app}\` for a one-off container on the app's network, or see where its tasks run with \`ps:report ${req.app}\``,
    },
  );
}

/** SIGHUP the exec'd process by its pid inside the container (the last NSpid field). */
async function hangUp(exec: Exec): Promise<void> {
  const { Pid, ContainerID } = (await exec.inspect()) as { Pid: number; ContainerID: string };
  const status = fs.readFileSync(`/proc/${Pid}/status`, "utf8");
  const nspid = /^NSpid:\s+(.*)$/m.exec(status)?.[1].trim().split(/\s+/).pop();
  if (!nspid || !/^\d+$/.test(nspid)) return;
  const kill = await (await docker()).getContainer(ContainerID).exec({ Cmd: ["kill", "-HUP", nspid] });
  await kill.start({ Detach: true });
}

/** Passes output on, except the engine's own "exec failed" line, which is kept to be said plainly. */
class EngineRefusal extends Writable {
  refusal?: string;
  constructor(private readonly to: NodeJS.WritableStream) {
    super();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error) => void): void {
    const text = chunk.toString("utf8");
    if (this.refusal === undefined && text.startsWith("OCI runtime exec failed")) this.refusal = text;
    else if (!this.to.write(chunk)) return void this.to.once("drain", () => done());
    done();
  }
}
