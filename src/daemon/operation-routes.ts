import { SlipwayError } from "../errors.js";
import { loadConfig } from "../state/config.js";
import { afterCommand } from "./deployment-view.js";
import { objectBody, requireApp } from "./require-app.js";
import type { Route } from "./route-table.js";
import { runCli } from "./run-cli.js";
import type { Caller } from "../git/access-scope.js";
import { requirePushOutput } from "../state/push-output.js";

const BASE = "/api/v1/deployments/{app}";

/** Run a command that changes the deployment, as `by` (releases say who); answer with the deployment after it. */
async function change(by: Caller, app: string, argv: string[], input?: string) {
  const before = requireApp(app).current?.number ?? null;
  const { output } = await runCli(argv, input, by.name);
  return afterCommand(app, before, output);
}

/** A `--json` listing command's rows. */
export async function listing(app: string, argv: string[]): Promise<unknown> {
  requireApp(app);
  return JSON.parse((await runCli([...argv, "--json"])).stdout);
}

const restartFlag = (restart: unknown) => {
  if (restart !== undefined && typeof restart !== "boolean")
    throw new SlipwayError("bad-request", "restart must be true or false", {
      hint: 'e.g. {"vars": {"MODE": "production"}, "restart": false}',
    });
  return restart === false ? ["--no-restart"] : [];
};

const CHANGE_RESPONSES = {
  200: "the deployment with changed and output",
  400: "invalid input; nothing changed",
  404: "no such deployment, service or name",
  409: "another deploy of it is running",
};

export const operationRoutes: Route[] = [
  {
    method: "GET",
    path: `${BASE}/config`,
    summary: "the names of the deployment's config vars (values are never sent back)",
    scope: "app",
    responses: { 200: "{names: [...]}", 400: "invalid name", 404: "no such deployment" },
    handle: async ({ params }) => (
      requireApp(params.app),
      { names: Object.keys(loadConfig(params.app)).sort() }
    ),
  },
  {
    method: "PUT",
    path: `${BASE}/config`,
    summary: "set config vars, then restart the services that use them unless restart is false",
    scope: "app",
    body: "{vars: {KEY: VALUE}, restart?: boolean}",
    responses: CHANGE_RESPONSES,
    handle: async ({ params, body, caller }) => {
      const { vars, restart } = objectBody(body, '{"vars": {"MODE": "production"}}');
      const flags = restartFlag(restart);
      const answer = await change(
        caller,
        params.app,
        ["config:set", params.app, "--stdin", ...flags],
        JSON.stringify(objectBody(vars, '{"vars": {"MODE": "production"}}')),
      );
      return { ...answer, names: Object.keys(vars as object).sort() };
    },
  },
  {
    method: "DELETE",
    path: `${BASE}/config/{var}`,
    summary: "remove one config var, then restart the services that used it (restart=0: don't)",
    scope: "app",
    query: { restart: "0 to leave the running containers alone" },
    responses: CHANGE_RESPONSES,
    handle: async ({ params, query, caller }) =>
      change(caller, params.app, [
        "config:unset",
        params.app,
        params.var,
        ...(query.get("restart") === "0" ? ["--no-restart"] : []),
      ]),
  },
  {
    method: "GET",
    path: `${BASE}/releases`,
    summary: "every release of the deployment, newest first",
    scope: "app",
    responses: {
      200: "array of {release, live, sha, cause, by, deployed, config, images}",
      400: "invalid name",
      404: "no such deployment",
    },
    handle: async ({ params }) => listing(params.app, ["releases", params.app]),
  },
  {
    method: "GET",
    path: `${BASE}/releases/{release}/output`,
    summary: "the build and deploy output of a push, failed ones too (the last 20 pushes are kept)",
    scope: "app",
    responses: { 200: "text/plain", 400: "invalid name or number", 404: "no such deployment or kept output" },
    streams: true,
    handle: async ({ params, res }) => {
      requireApp(params.app);
      const text = requirePushOutput(params.app, Number(params.release));
      res.writeHead(200, {
        "content-type": "text/plain; charset=utf-8",
        "x-content-type-options": "nosniff",
      });
      res.end(text);
      return undefined;
    },
  },
  {
    method: "POST",
    path: `${BASE}/rollback`,
    summary: "run an earlier release's images and template again (default: the one before the live one)",
    scope: "app",
    body: "{release?: N} (an empty body means the previous release)",
    responses: { ...CHANGE_RESPONSES, 409: "another deploy is running, or that release is already live" },
    handle: async ({ params, body, caller }) => {
      const { release } = body === undefined ? {} : objectBody(body, '{"release": 3}');
      if (release !== undefined && !(Number.isInteger(release) && (release as number) > 0))
        throw new SlipwayError("bad-request", "release must be a release number", {
          hint: `see GET ${BASE}/releases`,
        });
      return change(caller, params.app, [
        "rollback",
        params.app,
        ...(release === undefined ? [] : [String(release)]),
      ]);
    },
  },
  {
    method: "GET",
    path: `${BASE}/ps`,
    summary: "the deployment's containers: service, instance, state, port",
    scope: "app",
    responses: {
      200: "array of {service, instance, container, state, port, host, release}",
      400: "invalid name",
      404: "no such deployment, or nothing deployed",
    },
    handle: async ({ params }) => listing(params.app, ["ps:report", params.app]),
  },
  {
    method: "POST",
    path: `${BASE}/scale`,
    summary: "run N containers of each named service",
    scope: "app",
    body: "{SERVICE: N, ...}",
    responses: CHANGE_RESPONSES,
    handle: async ({ params, body, caller }) => {
      const counts = Object.entries(objectBody(body, '{"web": 2}'));
      const bad = counts
        .filter(([, n]) => !(Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 999))
        .map(([s]) => s);
      if (!counts.length || bad.length)
        throw new SlipwayError(
          "bad-request",
          `give each service a whole number of containers (0-999)${bad.length ? `; not one: ${bad.join(", ")}` : ""}`,
          { hint: 'e.g. {"web": 2, "worker": 1}' },
        );
      return change(caller, params.app, ["ps:scale", params.app, ...counts.map(([s, n]) => `${s}=${n}`)]);
    },
  },
];
