/** The checks the slipway.yml schema applies to values: each returns what is wrong, or undefined. */
export type Check = (value: unknown) => string | undefined;

import { Cron } from "croner";
import { parseSize } from "./sizes.js";
import { composePortMessage } from "./compose-habits.js";

export const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
export const NAME = /^[a-z][a-z0-9-]{0,30}$/;
export const PORT_NAME = /^[a-z][a-z0-9_]{0,30}$/;
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Names become keys of plain objects (scale, services by name), so Object.prototype's own names are taken. */
export const nameCheck =
  (what: string, re: RegExp, shape: string): Check =>
  (v) => {
    if (typeof v !== "string" || !re.test(v)) return `${what} must be ${shape}`;
    return Object.hasOwn(Object.prototype, v) ? `${what} "${v}" is reserved; pick another` : undefined;
  };
/** A command: a string runs through /bin/sh -c, a list is the argv itself (compose's `command`, exec form). */
export const COMMAND_SHAPE =
  "must be a non-empty string (run by /bin/sh -c) or a non-empty list of strings (argv, no shell)";
export const command: Check = (v) => {
  if (typeof v === "string") return v.trim() !== "" ? undefined : COMMAND_SHAPE;
  return Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === "string") && v[0] !== ""
    ? undefined
    : COMMAND_SHAPE;
};
export const pids: Check = (v) =>
  Number.isInteger(v) && (v as number) >= 1 ? undefined : "must be a whole number of processes, at least 1";
export const isPort = (v: unknown) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535;
export const portOrAssign: Check = (v) =>
  isPort(v) || v === "assign" ? undefined : 'must be a port 1-65535 or "assign"';
export const memory: Check = (v) => {
  const bytes = parseSize(v);
  if (bytes === undefined) return "must be a size such as 512m or 1g";
  return bytes < 6 * 1024 ** 2 ? "must be at least 6m, the smallest limit Docker accepts" : undefined;
};
export const cpu: Check = (v) =>
  typeof v === "number" && v > 0 && v <= 64 ? undefined : "must be a number of CPUs such as 0.5";
export const duration: Check = (v) =>
  (typeof v === "string" && /^\d+(ms|s|m)$/.test(v)) || (Number.isInteger(v) && (v as number) >= 0)
    ? undefined
    : "must be a duration such as 500ms, 5s or 1m (or whole seconds)";
export const envValue: Check = (v) => {
  if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean")
    return "must be a string, number or boolean";
  return typeof v === "string" && unclosedVariable(v)
    ? "unclosed ${ (write $${ for a literal ${)"
    : undefined;
};
export const containerPath: Check = (v) => {
  if (typeof v !== "string" || !v.startsWith("/") || v.includes("\0"))
    return "must be an absolute path inside the container";
  // The engine's bind syntax is volume:path[:options]; a colon in the path would be read as options.
  return v.includes(":") ? 'must not contain ":" (Docker reads it as the start of mount options)' : undefined;
};
export const cronSchedule: Check = (v) =>
  typeof v === "string" && isCronPattern(v)
    ? undefined
    : 'must be a cron expression with 5 fields (minute hour day month weekday), such as "*/10 * * * *"';
export const buildPath: Check = (v) =>
  typeof v === "string" && !v.startsWith("/") && !v.split("/").includes("..")
    ? undefined
    : 'must be a directory inside the repository, such as "."';

export const portName = nameCheck(
  "port name",
  PORT_NAME,
  "lowercase letters, digits and _ (start with a letter)",
);
export const portListItem: Check = (v) => composePortMessage(v) ?? portName(v);

/** Named ports: `{http: 5000}` or `{http: assign}` or `[http, admin]`. */
export const portsShape: Check = (v) =>
  Array.isArray(v) || isMap(v)
    ? undefined
    : 'must be a map of name → port (or "assign"), or a list of port names';

export const healthCheck: Check = (v) =>
  typeof v === "string" && v.startsWith("/")
    ? undefined
    : "must be an HTTP path starting with /, or a map (path, port, tcp, cmd, interval, timeout, retries)";

/** croner is the scheduler the daemon runs cron with, so it is also the judge of a valid pattern. */
function isCronPattern(v: string): boolean {
  const fields = v.trim().split(/\s+/).length;
  if (fields < 5 || fields > 6) return false;
  try {
    new Cron(v, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

/** `${` that does not start a well-formed ${NAME} or ${NAME:-default} (and is not escaped as $${). */
function unclosedVariable(v: string): boolean {
  return /(?<!\$)\$\{(?![A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\})/.test(v);
}
