import { templateSchema, type Node } from "./schema.js";

const INTRO = `# slipway.yml reference

<!-- Generated from src/template/schema.ts by \`npm run docs\`; edit the schema, not this file. -->

A repository describes its services in \`slipway.yml\` at its top level. The file names abstract
services and never infrastructure: no hosts, no replica counts (\`ps:scale\` sets those). Push the
same repository to \`git@host:myapp\` and \`git@host:myapp-staging\` and you get two independent
deployments of one template, each with its own config, volumes, network and domains.

\`\`\`yaml
services:
  web:
    build: .
    cmd: bin/server --port $PORT_HTTP
    ports: {http: assign}
    env: {DB: "postgres://app@\${POSTGRES_HOST}:\${POSTGRES_PORT}/app"}
    health: /_health
    depends_on: [postgres]
  worker: {cmd: bin/worker}
  postgres:
    image: postgres:16
    ports: {pg: 5432}
    volumes: {data: /var/lib/postgresql/data}
cron:
  - {schedule: "*/10 * * * *", service: web, run: bin/bust-caches}
\`\`\`

## How a deployment is wired

- **Network.** Each deployment has its own Docker network. Every service is reachable from the
  others by its name; other deployments' services can be neither resolved nor reached.
- **Discovery variables.** Every container gets \`SLIPWAY_DEPLOYMENT\`, \`SLIPWAY_SERVICE\` and, for
  other services, \`NAME_HOST\`, \`NAME_PORT\` (its first port) and \`NAME_PORT_<PORT>\` per named port
  (\`my-db\` becomes \`MY_DB\`). Its own ports arrive as \`PORT\` and \`PORT_<NAME>\`. Services built
  from the repository see every other service; \`image:\` services see those in their \`depends_on\` or
  referenced by their \`env\`, so adding or removing a service never restarts a database.
- **Config.** Services built from the repository get every config var of the deployment
  (\`config:set\`). \`image:\` services get only what their \`env\` references, so setting config never
  restarts a database that does not use it. \`\${VAR}\` must be defined (config, discovery or
  \`SLIPWAY_DEPLOYMENT\`) unless it has a default, \`\${VAR:-default}\`; \`$\${\` is a literal \`\${\`.
- **Reconcile.** On every push, a service whose image or effective settings changed is recreated;
  an unchanged one keeps its container; one removed from the template is stopped (its volumes are
  kept). The plan is printed first: \`-----> Plan: web rebuilt · worker restarted (env changed) · postgres unchanged\`.
- **Start order.** \`depends_on\` services start, and pass their gate, first. Services with volumes or
  public ports are stopped before their replacement starts; the others start beside the old ones.
- **Without slipway.yml.** A \`Procfile\` gives one service per process type (\`web\` is routed), and a
  lone \`Dockerfile\` gives one \`web\` service.
- **Errors.** Every problem is reported at once, as \`slipway.yml:LINE:COLUMN key.path: message\`,
  and the push is rejected before anything changes.

## Keys
`;

/** docs/template.md, rendered from the schema so the reference and the validator never disagree. */
export function renderReference(): string {
  return `${INTRO}\n${section(templateSchema, "", 3)}`;
}

function section(node: Node, path: string, depth: number): string {
  const out: string[] = [];
  for (const [key, child] of Object.entries(node.keys ?? {})) {
    const full = path ? `${path}.${key}` : key;
    out.push(describe(key, full, child, depth));
    const nested = child.keys ? child : (child.values ?? child.items);
    if (nested?.keys)
      out.push(
        section(
          nested,
          child.values ? `${full}.<name>` : child.items ? `${full}[]` : full,
          Math.min(depth + 1, 6),
        ),
      );
  }
  return out.join("\n");
}

function describe(key: string, full: string, node: Node, depth: number): string {
  const lines = [
    `${"#".repeat(depth)} \`${key}\``,
    "",
    `\`${full}\` · ${node.type}${node.required ? ` · requires ${node.required.map((r) => `\`${r}\``).join(", ")}` : ""}`,
    "",
    node.doc,
  ];
  if (node.example !== undefined) lines.push("", `Example: \`${key}: ${node.example}\``);
  return lines.join("\n") + "\n";
}
