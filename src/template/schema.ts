/**
 * The slipway.yml schema. It is both the validator's input and the source of docs/template.md,
 * so the reference can never disagree with what a push accepts.
 */
export type Check = (value: unknown) => string | undefined;

export interface Node {
  doc: string;
  /** Shown in the reference, e.g. `map of name → port`. */
  type: string;
  example?: string;
  /** A map with fixed keys; unknown keys are errors. */
  keys?: Record<string, Node>;
  /** A map with free keys (service names, env names) whose values follow this node. */
  values?: Node;
  /** Rule for free keys, when they have one. */
  keyCheck?: Check;
  /** A list whose items follow this node. */
  items?: Node;
  /** Checks a scalar or a shape the other fields cannot express. */
  check?: Check;
  required?: string[];
  /** Accepts a map (`values`/`keyCheck`) or a list (`items`); which applies depends on the value. */
  either?: Pick<Node, "values" | "keyCheck" | "items">;
}

import { Cron } from "croner";
import { parseSize } from "./sizes.js";
import { composePortMessage } from "./compose-habits.js";
import { isImageRef } from "./image-ref.js";

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const NAME = /^[a-z][a-z0-9-]{0,30}$/;
const PORT_NAME = /^[a-z][a-z0-9_]{0,30}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Names become keys of plain objects (scale, services by name), so Object.prototype's own names are taken. */
const nameCheck = (what: string, re: RegExp, shape: string): Check => (v) => {
  if (typeof v !== "string" || !re.test(v)) return `${what} must be ${shape}`;
  return Object.hasOwn(Object.prototype, v) ? `${what} "${v}" is reserved; pick another` : undefined;
};
/** A command: a string runs through /bin/sh -c, a list is the argv itself (compose's `command`, exec form). */
const COMMAND_SHAPE = "must be a non-empty string (run by /bin/sh -c) or a non-empty list of strings (argv, no shell)";
const command: Check = (v) => {
  if (typeof v === "string") return v.trim() !== "" ? undefined : COMMAND_SHAPE;
  return Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === "string") && v[0] !== "" ? undefined : COMMAND_SHAPE;
};
const pids: Check = (v) => (Number.isInteger(v) && (v as number) >= 1 ? undefined : "must be a whole number of processes, at least 1");
const isPort = (v: unknown) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535;
const portOrAssign: Check = (v) => (isPort(v) || v === "assign" ? undefined : 'must be a port 1-65535 or "assign"');
const memory: Check = (v) => {
  const bytes = parseSize(v);
  if (bytes === undefined) return "must be a size such as 512m or 1g";
  return bytes < 6 * 1024 ** 2 ? "must be at least 6m, the smallest limit Docker accepts" : undefined;
};
const cpu: Check = (v) => (typeof v === "number" && v > 0 && v <= 64 ? undefined : "must be a number of CPUs such as 0.5");
const duration: Check = (v) => (typeof v === "string" && /^\d+(ms|s|m)$/.test(v)) || (Number.isInteger(v) && (v as number) >= 0) ? undefined : "must be a duration such as 500ms, 5s or 1m (or whole seconds)";
const envValue: Check = (v) => {
  if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") return "must be a string, number or boolean";
  return typeof v === "string" && unclosedVariable(v) ? "unclosed ${ (write $${ for a literal ${)" : undefined;
};
const containerPath: Check = (v) => {
  if (typeof v !== "string" || !v.startsWith("/") || v.includes("\0")) return "must be an absolute path inside the container";
  // The engine's bind syntax is volume:path[:options]; a colon in the path would be read as options.
  return v.includes(":") ? 'must not contain ":" (Docker reads it as the start of mount options)' : undefined;
};
const cronSchedule: Check = (v) => (typeof v === "string" && isCronPattern(v) ? undefined : 'must be a cron expression with 5 fields (minute hour day month weekday), such as "*/10 * * * *"');
const buildPath: Check = (v) => (typeof v === "string" && !v.startsWith("/") && !v.split("/").includes("..") ? undefined : 'must be a directory inside the repository, such as "."');

const portName = nameCheck("port name", PORT_NAME, "lowercase letters, digits and _ (start with a letter)");
const portListItem: Check = (v) => composePortMessage(v) ?? portName(v);

/** Named ports: `{http: 5000}` or `{http: assign}` or `[http, admin]`. */
const portsShape: Check = (v) => (Array.isArray(v) || isMap(v) ? undefined : 'must be a map of name → port (or "assign"), or a list of port names');

const healthCheck: Check = (v) => (typeof v === "string" && v.startsWith("/") ? undefined : "must be an HTTP path starting with /, or a map (path, port, tcp, cmd, interval, timeout, retries)");

const health: Node = {
  type: "path or map",
  doc: "How the deploy knows a new container is ready. A path must answer 2xx/3xx over HTTP.",
  example: "/_health",
  check: (v) => (isMap(v) ? undefined : healthCheck(v)),
  keys: {
    path: { type: "string", doc: "HTTP path that must answer 2xx or 3xx.", check: healthCheck },
    port: { type: "port name", doc: "Named port to check; default: the service's first port.", check: portName },
    tcp: { type: "boolean", doc: "Only require that the port accepts connections.", check: (v) => (typeof v === "boolean" ? undefined : "must be true or false") },
    cmd: { type: "string or list of strings", doc: "Command run inside the container; exit 0 means healthy. A string runs through /bin/sh -c, a list is the argv.", example: '["pg_isready", "-U", "postgres"]', check: command },
    interval: { type: "duration", doc: "Time between attempts.", check: duration },
    timeout: { type: "duration", doc: "Time one attempt may take.", check: duration },
    retries: { type: "integer", doc: "Failed attempts allowed before the release is abandoned.", check: (v) => (Number.isInteger(v) && (v as number) >= 0 ? undefined : "must be a whole number") },
  },
};

const service: Node = {
  type: "map",
  doc: "One service of the app. Give it `build` or `image` (default: `build: .`).",
  keys: {
    build: { type: "path", doc: "Build from this directory of the repository with the app's builder. Default `.`.", example: ".", check: buildPath },
    image: { type: "image reference", doc: "Run a prebuilt image instead of building. It gets only the config its `env` references.", example: "postgres:16", check: (v) => (typeof v === "string" && isImageRef(v) ? undefined : "must be an image reference such as postgres:16 or registry.example.org/team/app:1.4") },
    cmd: {
      type: "string or list of strings", check: command, example: "bin/server --port $PORT_HTTP",
      doc: "Command to run. A string runs through `/bin/sh -c`, so $PORT_HTTP and friends expand; a list (`[bin/server, --port, \"5000\"]`) is the argv itself, with no shell, like compose's `command` or a Dockerfile's exec form. Default: the image's own command.",
    },
    ports: {
      type: "map of name → port or assign, or list of names", doc: 'Named ports the service listens on. `assign` (or a list) lets Slipway pick from 5000 up; the process is told through PORT_<NAME>. No ports means one port, PORT (the image\'s EXPOSEd port, else 5000).', example: "{http: 5000}",
      check: portsShape, either: { values: { type: "port", doc: "", check: portOrAssign }, keyCheck: portName, items: { type: "port name", doc: "", check: portListItem } },
    },
    env: { type: "map of name → value", doc: "Environment. Values may use $VAR, ${VAR} and ${VAR:-default} from the deployment's config, discovery variables and ${SLIPWAY_DEPLOYMENT}, as compose does; $$ is a literal $.", example: '{MODE: production}', values: { type: "string", doc: "", check: envValue }, keyCheck: nameCheck("env name", ENV_NAME, "letters, digits and _ (not starting with a digit)") },
    health,
    memory: { type: "size", doc: "Memory limit, such as 512m or 1g. Default: the server's `defaults.memory` setting (512m).", example: "512m", check: memory },
    pids: { type: "integer", doc: "Most processes and threads the container may run at once, so a fork bomb stays inside it. Default: the server's `defaults.pids` setting (512).", example: "1024", check: pids },
    cpu: { type: "number", doc: "CPU limit in CPUs, such as 0.5.", example: "0.5", check: cpu },
    volumes: { type: "map of name → container path", doc: "Named volumes, one set per deployment. Data survives redeploys; only `apps:destroy APP --volumes` removes it.", example: "{data: /var/lib/postgresql/data}", values: { type: "path", doc: "", check: containerPath }, keyCheck: nameCheck("volume name", NAME, "lowercase letters, digits and -") },
    publish: { type: "map of host port → port name", doc: "Publish host ports on the public interface for non-HTTP services (mail, say). In a service that declares no ports, a named port listens on the host port's number. Refused at deploy time: the server's own ports (22 and sshd's, 80, 443, nginx's and slipwayd's), ports something on the host listens on (other than this app's live release), and ports below 1024 an admin has not allowed with `slipway ports:allow PORT`.", example: '{"25": smtp}', values: { type: "port name", doc: "", check: nameCheck("port", PORT_NAME, "a port name") }, keyCheck: (k) => (isPort(Number(k)) && String(Number(k)) === k ? undefined : "host port must be 1-65535") },
    depends_on: { type: "list of service names", doc: "Services started before this one.", example: "[postgres]", items: { type: "service name", doc: "", check: nameCheck("service", NAME, "a service name") } },
  },
};

export const templateSchema: Node = {
  type: "map",
  doc: "The whole file.",
  required: ["services"],
  keys: {
    services: { type: "map of name → service", doc: "The app's services, by name (lowercase letters, digits, -).", values: service, keyCheck: nameCheck("service name", NAME, "lowercase letters, digits and - (start with a letter, at most 31)"), check: (v) => (v === null || (isMap(v) && !Object.keys(v).length) ? "must name at least one service" : isMap(v) ? undefined : "must be a map") },
    route: {
      type: "map", doc: "Which service and port nginx sends the app's domains to. Default: `web` and its first port.",
      keys: {
        service: { type: "service name", doc: "The routed service.", check: nameCheck("service", NAME, "a service name") },
        port: { type: "port name", doc: "Its port to route to.", check: nameCheck("port", PORT_NAME, "a port name") },
      },
    },
    cron: {
      type: "list", doc: "Scheduled one-off runs in a service's image and environment.",
      items: {
        type: "map", doc: "One scheduled job.", required: ["schedule", "service", "run"],
        keys: {
          id: { type: "string", doc: "Name used by cron:run; default: the job's position (1, 2, …).", check: nameCheck("id", NAME, "lowercase letters, digits and -") },
          schedule: { type: "cron expression", doc: "When to run, in cron syntax: minute hour day month weekday. A job runs at most once a minute, so a seconds field is refused.", example: '"*/10 * * * *"', check: cronSchedule },
          service: { type: "service name", doc: "Whose image, env and network the job uses.", check: nameCheck("service", NAME, "a service name") },
          run: { type: "string or list of strings", doc: "Command: a string runs through /bin/sh -c, a list is the argv (no shell).", check: command },
        },
      },
    },
  },
};

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

export { isMap };
