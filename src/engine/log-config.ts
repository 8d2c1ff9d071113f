import type { HostConfig } from "dockerode";

/** Every container Slipway creates logs to json-file with a cap: small servers fill their disks otherwise. */
export const CAPPED_LOGS: NonNullable<HostConfig["LogConfig"]> = {
  Type: "json-file",
  Config: { "max-size": "10m", "max-file": "3" },
};
