import { isImageRef } from "./image-ref.js";
import type { Node } from "./schema.js";
import {
  isMap,
  NAME,
  PORT_NAME,
  ENV_NAME,
  nameCheck,
  command,
  pids,
  isPort,
  portOrAssign,
  memory,
  cpu,
  duration,
  envValue,
  containerPath,
  buildPath,
  portName,
  portsShape,
  healthCheck,
  portListItem,
} from "./schema-checks.js";

/** One service of slipway.yml: what it runs, its ports, env, health check, limits and volumes. */
const health: Node = {
  type: "path or map",
  doc: "How the deploy knows a new container is ready. A path must answer 2xx/3xx over HTTP.",
  example: "/_health",
  check: (v) => (isMap(v) ? undefined : healthCheck(v)),
  keys: {
    path: { type: "string", doc: "HTTP path that must answer 2xx or 3xx.", check: healthCheck },
    port: {
      type: "port name",
      doc: "Named port to check; default: the service's first port.",
      check: portName,
    },
    tcp: {
      type: "boolean",
      doc: "Only require that the port accepts connections.",
      check: (v) => (typeof v === "boolean" ? undefined : "must be true or false"),
    },
    cmd: {
      type: "string or list of strings",
      doc: "Command run inside the container; exit 0 means healthy. A string runs through /bin/sh -c, a list is the argv.",
      example: '["pg_isready", "-U", "postgres"]',
      check: command,
    },
    interval: { type: "duration", doc: "Time between attempts.", check: duration },
    timeout: { type: "duration", doc: "Time one attempt may take.", check: duration },
    retries: {
      type: "integer",
      doc: "Failed attempts allowed before the release is abandoned.",
      check: (v) => (Number.isInteger(v) && (v as number) >= 0 ? undefined : "must be a whole number"),
    },
  },
};

/** `backup:` and `restore:` of a service: a command whose stdout is the dump, or whose stdin takes it back. */
const dumpCommand = (doc: string, example: string): Node => ({
  type: "map",
  doc,
  required: ["cmd"],
  keys: {
    cmd: {
      type: "string or list of strings",
      doc: "Run in the service's first container (`docker exec`). A string runs through /bin/sh -c, a list is the argv.",
      example,
      check: command,
    },
  },
});

export const service: Node = {
  type: "map",
  doc: "One service of the app. Give it `build` or `image` (default: `build: .`).",
  keys: {
    build: {
      type: "path",
      doc: "Build from this directory of the repository with the app's builder. Default `.`.",
      example: ".",
      check: buildPath,
    },
    image: {
      type: "image reference",
      doc: "Run a prebuilt image instead of building. It gets only the config its `env` references.",
      example: "postgres:16",
      check: (v) =>
        typeof v === "string" && isImageRef(v)
          ? undefined
          : "must be an image reference such as postgres:16 or registry.example.org/team/app:1.4",
    },
    cmd: {
      type: "string or list of strings",
      check: command,
      example: "bin/server --port $PORT_HTTP",
      doc: "Command to run. A string runs through `/bin/sh -c`, so $PORT_HTTP and friends expand; a list (`[bin/server, --port, \"5000\"]`) is the argv itself, with no shell, like compose's `command` or a Dockerfile's exec form. Default: the image's own command.",
    },
    ports: {
      type: "map of name → port or assign, or list of names",
      doc: "Named ports the service listens on. `assign` (or a list) lets Slipway pick from 5000 up; the process is told through PORT_<NAME>. No ports means one port, PORT (the image's EXPOSEd port, else 5000).",
      example: "{http: 5000}",
      check: portsShape,
      either: {
        values: { type: "port", doc: "", check: portOrAssign },
        keyCheck: portName,
        items: { type: "port name", doc: "", check: portListItem },
      },
    },
    env: {
      type: "map of name → value",
      doc: "Environment. Values may use $VAR, ${VAR} and ${VAR:-default} from the deployment's config, discovery variables and ${SLIPWAY_DEPLOYMENT}, as compose does; $$ is a literal $.",
      example: "{MODE: production}",
      values: { type: "string", doc: "", check: envValue },
      keyCheck: nameCheck("env name", ENV_NAME, "letters, digits and _ (not starting with a digit)"),
    },
    health,
    memory: {
      type: "size",
      doc: "Memory limit, such as 512m or 1g. Default: the server's `defaults.memory` setting (512m).",
      example: "512m",
      check: memory,
    },
    pids: {
      type: "integer",
      doc: "Most processes and threads the container may run at once, so a fork bomb stays inside it. Default: the server's `defaults.pids` setting (512).",
      example: "1024",
      check: pids,
    },
    cpu: { type: "number", doc: "CPU limit in CPUs, such as 0.5.", example: "0.5", check: cpu },
    volumes: {
      type: "map of name → container path",
      doc: "Named volumes, one set per deployment. Data survives redeploys; only `apps:destroy APP --volumes` removes it.",
      example: "{data: /var/lib/postgresql/data}",
      values: { type: "path", doc: "", check: containerPath },
      keyCheck: nameCheck("volume name", NAME, "lowercase letters, digits and -"),
    },
    publish: {
      type: "map of host port → port name",
      doc: "Publish host ports on the public interface for non-HTTP services (mail, say). In a service that declares no ports, a named port listens on the host port's number. Refused at deploy time: the server's own ports (22 and sshd's, 80, 443, nginx's and slipwayd's), ports something on the host listens on (other than this app's live release), and ports below 1024 an admin has not allowed with `slipway ports:allow PORT`.",
      example: '{"25": smtp}',
      values: { type: "port name", doc: "", check: nameCheck("port", PORT_NAME, "a port name") },
      keyCheck: (k) =>
        isPort(Number(k)) && String(Number(k)) === k ? undefined : "host port must be 1-65535",
    },
    backup: dumpCommand(
      "How `slipway backups:run` dumps this service: the command's stdout is streamed into the backup instead of copying its volumes (which are then left out). Without it, the service is paused while its volumes are copied.",
      "[pg_dump, -U, app, -Fc, app]",
    ),
    restore: dumpCommand(
      "How `slipway backups:restore` loads a dump made by `backup`: the dump is fed to the command's stdin once the restored service is running.",
      "[pg_restore, -U, app, -d, app, --clean, --if-exists]",
    ),
    depends_on: {
      type: "list of service names",
      doc: "Services started before this one.",
      example: "[postgres]",
      items: { type: "service name", doc: "", check: nameCheck("service", NAME, "a service name") },
    },
    preview: {
      type: "boolean",
      doc: "`false` leaves the service out of branch previews (docs/previews.md); its dependents start without it.",
      example: "false",
      check: (v) => (typeof v === "boolean" ? undefined : "must be true or false"),
    },
  },
};
