import type { ContainerCreateOptions } from "dockerode";
import type { ServiceSpec } from "./plan-services.js";
import { serviceHostConfig } from "./service-host-config.js";

export type OneOffKind = "run" | "cron" | "detached";

/** The one-off's stdin: none (cron, or a terminal without -t), ours piped in (`run < file`), or a terminal (`run -t`). */
export type OneOffStdin = "none" | "pipe" | "tty";

export interface OneOffPlan {
  namePrefix: string;
  labels: Record<string, string>;
  app: string;
  kind: OneOffKind;
  /** Makes the name unique: one-offs of the same service may run side by side. */
  suffix: string;
  network: string;
  cmd: string[];
  stdin: OneOffStdin;
  /** Extra labels, e.g. the cron job's id. */
  extraLabels?: Record<string, string>;
}

/**
 * Like `docker run`: -t gives a terminal; without it, piped or redirected input is passed through,
 * but a terminal is not, so `run myapp env` typed at a prompt never waits for the keyboard.
 */
export function chooseStdin(tty: boolean, stdinIsTerminal: boolean): OneOffStdin {
  // -t over `ssh host run …` without ssh -t has no terminal to give: pipe the input, or sh waits forever.
  if (tty && stdinIsTerminal) return "tty";
  return stdinIsTerminal ? "none" : "pipe";
}

/**
 * The engine's create request for a one-off container of a service: its image, env, network and
 * volumes, but no host ports (nginx never routes to it) and no restart; the engine removes it when it exits.
 */
export function oneOffContainerOptions(spec: ServiceSpec, p: OneOffPlan): ContainerCreateOptions {
  return {
    name: `${p.namePrefix}-${p.app}.${spec.name}.${p.kind}-${p.suffix}`,
    Image: spec.imageId,
    Cmd: p.cmd,
    Env: spec.env,
    Tty: p.stdin === "tty",
    // StdinOnce: the end of our input closes the command's stdin, so `cat`, `psql` and `sh` see EOF.
    OpenStdin: p.stdin !== "none",
    StdinOnce: p.stdin !== "none",
    AttachStdin: p.stdin !== "none",
    AttachStdout: true,
    AttachStderr: true,
    Labels: {
      ...p.labels,
      ...p.extraLabels,
      "slipway.app": p.app,
      "slipway.service": spec.name,
      "slipway.oneoff": p.kind,
    },
    HostConfig: {
      ...serviceHostConfig(spec, p.namePrefix, p.app),
      AutoRemove: true,
      RestartPolicy: { Name: "no" },
    },
    NetworkingConfig: { EndpointsConfig: { [p.network]: {} } },
  };
}
