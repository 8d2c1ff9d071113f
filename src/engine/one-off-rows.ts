import type Docker from "dockerode";

/** ps:report rows for the app's one-off containers (`run`, `run:detached`, cron runs) still around. */
export function oneOffRows(containers: Docker.ContainerInfo[]): Record<string, unknown>[] {
  return containers
    .filter((c) => c.Labels["slipway.oneoff"])
    .map((c) => ({
      service: `${c.Labels["slipway.service"]} (${c.Labels["slipway.oneoff"]})`,
      container: c.Names[0]?.replace(/^\//, ""),
      state: c.State,
    }));
}
