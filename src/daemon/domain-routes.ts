import { SlipwayError } from "../errors.js";
import { listing } from "./operation-routes.js";
import { objectBody, requireApp } from "./require-app.js";
import type { Route } from "./route-table.js";
import { runCli } from "./run-cli.js";

const BASE = "/api/v1/deployments/{app}/domains";

/** Change the domains, then answer with the new list. */
async function edit(app: string, argv: string[]) {
  requireApp(app);
  const { output } = await runCli(argv);
  return { domains: await listing(app, ["domains:list", app]), output };
}

export const domainRoutes: Route[] = [
  {
    method: "GET",
    path: BASE,
    summary: "the deployment's domains and the service each goes to",
    scope: "app",
    responses: { 200: "array of {domain, service, kind}", 400: "invalid name", 404: "no such deployment" },
    handle: async ({ params }) => listing(params.app, ["domains:list", params.app]),
  },
  {
    method: "POST",
    path: BASE,
    summary: "route more domains to the deployment (or to one of its services)",
    scope: "app",
    body: "{domains: [DOMAIN, ...], service?: SERVICE}",
    responses: {
      200: "{domains, output}",
      400: "invalid domain",
      404: "no such deployment",
      409: "a domain belongs to another app",
    },
    handle: async ({ params, body }) => {
      const { domains, service } = objectBody(body, '{"domains": ["example.org"]}');
      if (!Array.isArray(domains) || !domains.length || !domains.every((d) => typeof d === "string"))
        throw new SlipwayError("bad-request", "domains must be a non-empty list of names", {
          hint: '{"domains": ["example.org"]}',
        });
      if (service !== undefined && typeof service !== "string")
        throw new SlipwayError("bad-request", "service must be a service name", {
          hint: '{"domains": ["api.example.org"], "service": "api"}',
        });
      return edit(params.app, [
        "domains:add",
        params.app,
        ...domains,
        ...(service === undefined ? [] : ["--service", service]),
      ]);
    },
  },
  {
    method: "DELETE",
    path: `${BASE}/{domain}`,
    summary: "stop routing a domain to the deployment",
    scope: "app",
    responses: {
      200: "{domains, output}",
      400: "invalid domain",
      404: "no such deployment or not one of its domains",
    },
    handle: async ({ params }) => edit(params.app, ["domains:remove", params.app, params.domain]),
  },
];
