import type Docker from "dockerode";

let client: Docker | undefined;

/** The engine client, created on first use so commands that never touch Docker start faster. */
export async function docker(): Promise<Docker> {
  if (!client) {
    const { default: Dockerode } = await import("dockerode");
    client = new Dockerode({ socketPath: process.env.DOCKER_SOCKET || "/var/run/docker.sock" });
  }
  return client;
}
