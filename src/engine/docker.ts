import type Docker from "dockerode";
import { deferUnusedParts } from "./defer-module.js";

let client: Docker | undefined;

/** The engine client, created on first use so commands that never touch Docker start faster. */
export async function docker(): Promise<Docker> {
  if (!client) {
    deferUnusedParts();
    const { default: Dockerode } = await import("dockerode");
    client = new Dockerode({ socketPath: process.env.DOCKER_SOCKET || "/var/run/docker.sock" });
  }
  return client;
}
