import http from "node:http";
import net from "node:net";
import { docker } from "./docker.js";
import { isHealthyStatus } from "./health-check.js";

/** The outcome of one probe; `detail` says why it failed, for the final message. */
export interface ProbeResult {
  ok: boolean;
  detail: string;
  /** The HTTP status, when the app answered at all. */
  status?: number;
}

/** Where the app itself listens: the container's own IP and port, with no proxy in between. */
export interface ContainerAddress {
  ip?: string;
  port?: number;
}

/**
 * The container's IP and the container port behind hostPort (or its first exposed port).
 * Connecting here, not to the 127.0.0.1 host port, matters: docker-proxy accepts on the host
 * port even while nothing listens inside the container.
 */
export async function containerAddress(
  containerId: string,
  hostPort?: number,
  containerPort?: number,
): Promise<ContainerAddress> {
  const info = await (await docker()).getContainer(containerId).inspect();
  const nets = Object.values(info.NetworkSettings.Networks ?? {});
  const ip = info.NetworkSettings.IPAddress || nets.find((n) => n.IPAddress)?.IPAddress || undefined;
  const bound = Object.entries(info.NetworkSettings.Ports ?? {}).find(([, b]) =>
    b?.some((x) => Number(x.HostPort) === hostPort),
  );
  const key = bound?.[0] ?? Object.keys(info.Config.ExposedPorts ?? {}).find((k) => k.endsWith("/tcp"));
  return { ip, port: containerPort ?? (key ? Number(key.split("/")[0]) : undefined) };
}

/** GET path; only a 2xx/3xx answer passes. */
export function probeHttp(host: string, port: number, path: string, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const req = http.get({ host, port, path, timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      resolve({ ok: isHealthyStatus(status), detail: `GET ${path} answered ${status}`, status });
    });
    req.once("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs}ms`)));
    req.once("error", (err) => resolve({ ok: false, detail: `GET ${path}: ${err.message}` }));
  });
}

/** A TCP connect that the app's own socket must accept. */
export function probeTcp(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port, timeout: timeoutMs });
    sock.once("connect", () => {
      sock.destroy();
      resolve({ ok: true, detail: `port ${port} accepted` });
    });
    sock.once("timeout", () => sock.destroy(new Error(`no connection within ${timeoutMs}ms`)));
    sock.once("error", (err) => resolve({ ok: false, detail: `port ${port}: ${err.message}` }));
  });
}

/** Run argv inside the container (no shell unless the argv names one); exit 0 passes. */
export async function probeCmd(
  containerId: string,
  command: string[],
  timeoutMs: number,
): Promise<ProbeResult> {
  const exec = await (
    await docker()
  )
    .getContainer(containerId)
    .exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  let output = "";
  stream.on("data", (d: Buffer) => (output = (output + d.toString("latin1")).slice(-500)));
  const finished = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    stream.once("end", () => (clearTimeout(timer), resolve(true)));
    stream.once("error", () => (clearTimeout(timer), resolve(true)));
  });
  stream.destroy();
  if (!finished)
    return { ok: false, detail: `\`${command.join(" ")}\` did not finish within ${timeoutMs}ms` };
  const { ExitCode } = await exec.inspect();
  const tail =
    output
      .replace(/[\x00-\x08]/g, "")
      .trim()
      .split("\n")
      .pop() ?? "";
  return {
    ok: ExitCode === 0,
    detail: `\`${command.join(" ")}\` exited ${ExitCode}${tail ? `: ${tail}` : ""}`,
  };
}
