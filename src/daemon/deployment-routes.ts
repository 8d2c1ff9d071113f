import { SlipwayError } from "../errors.js";
import { visibleApps, type Caller } from "../git/access-scope.js";
import { withAppLock } from "../state/app-lock.js";
import type { Settings } from "../state/settings.js";
import { parseAppName } from "../state/app-name.js";
import { listApps, loadApp, loadOrCreateApp, saveApp } from "../state/app-state.js";
import { afterCommand, deploymentView } from "./deployment-view.js";
import { API_LOCK_SECONDS, objectBody, requireApp } from "./require-app.js";
import type { Route } from "./route-table.js";
import { runCli } from "./run-cli.js";

const DEPLOY_RESPONSES = {
  200: "the deployment {name, release, services, template} with changed (a new release was made) and output (the plan and steps)",
  400: "invalid name, or the template is invalid (message lists file:line:col path: problem), names a missing image or needs a build; nothing changed",
  409: "another deploy of it is running, a published port is taken, or (set_service) it was deployed by git push",
};

/** Record an empty deployment, so set_service may come before or after it. */
async function createDeployment(settings: Settings, name: string): Promise<void> {
  if (loadApp(name)) return;
  await withAppLock(
    settings,
    name,
    async () => {
      if (!loadApp(name)) saveApp(loadOrCreateApp(name));
    },
    { seconds: API_LOCK_SECONDS },
  );
}

/** Apply through `slipway deploy`, which takes the app lock, checks the template and skips a no-op. */
async function deploy(app: string, argv: string[], input: string, caller: Caller) {
  const before = loadApp(app)?.current?.number ?? null;
  const { output } = await runCli(["deploy", "-", app, ...argv], input, caller.name, caller.scope);
  return afterCommand(app, before, output);
}

export const deploymentRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/v1/deployments",
    summary: "every deployment (= app) with its live release, services and stored template",
    scope: "any",
    responses: { 200: "array of deployments" },
    handle: async ({ caller }) => visibleApps(caller, listApps()).map(deploymentView),
  },
  {
    method: "POST",
    path: "/api/v1/deployments",
    summary:
      "create_deployment: make an empty deployment; idempotent (an existing one answers 200 with the same body)",
    scope: { bodyField: "name" },
    body: "{name: APP}",
    responses: {
      200: "the deployment, new or existing",
      400: "missing or invalid name",
      409: "a deploy of it holds its lock",
    },
    handle: async ({ body, settings }) => {
      const { name } = objectBody(body, '{"name": "myapp"}');
      if (typeof name !== "string")
        throw new SlipwayError("bad-request", "name must be a string", { hint: 'e.g. {"name": "myapp"}' });
      const app = parseAppName(name);
      await createDeployment(settings, app);
      return deploymentView(loadApp(app)!);
    },
  },
  {
    method: "GET",
    path: "/api/v1/deployments/{app}",
    summary: "one deployment: live release, services with container ids, stored template",
    scope: "app",
    responses: { 200: "the deployment", 400: "invalid name", 404: "no such deployment" },
    handle: async ({ params }) => deploymentView(requireApp(params.app)),
  },
  {
    method: "PUT",
    path: "/api/v1/deployments/{app}",
    summary:
      "apply a whole template (slipway.yml text, image services only); creates the deployment; a template it already runs changes nothing",
    scope: "app",
    body: "{template: YAML text}",
    responses: DEPLOY_RESPONSES,
    handle: async ({ params, body, caller }) => {
      const { template } = objectBody(body, '{"template": "services:\\n  web:\\n    image: nginx:1\\n"}');
      if (typeof template !== "string")
        throw new SlipwayError("bad-request", "template must be the YAML text of a template", {
          hint: "send the file's content as a JSON string",
        });
      return deploy(params.app, [], template, caller);
    },
  },
  {
    method: "PUT",
    path: "/api/v1/deployments/{app}/services/{service}",
    summary:
      "set_service: add or replace one service (slipway.yml's service shape, image only) in the stored template and roll it out; idempotent, creates the deployment",
    scope: "app",
    body: "a service as slipway.yml writes it: {image, cmd, ports, env, health, memory, cpu, volumes, publish, depends_on}",
    responses: DEPLOY_RESPONSES,
    handle: async ({ params, body, caller }) =>
      deploy(
        params.app,
        ["--service", params.service],
        JSON.stringify(objectBody(body, '{"image": "nginx:1", "ports": {"http": 80}}')),
        caller,
      ),
  },
];
