import { pathParams, type Route } from "./route-table.js";

const ERROR_SCHEMA = {
  type: "object",
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string" }, message: { type: "string" }, hint: { type: "string" } },
    },
  },
};

/** The OpenAPI 3 document for a route table: generated, so it lists exactly what is served. */
export function renderOpenApi(routes: Route[]): object {
  const docPaths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) (docPaths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  return {
    openapi: "3.0.3",
    info: {
      title: "slipwayd",
      version: "1",
      description:
        "Slipway's HTTP API. Every request, this document included, needs a token: `Authorization: Bearer TOKEN`. git push over HTTP is served at /git/APP.git with the token as the Basic password.",
    },
    components: {
      securitySchemes: { token: { type: "http", scheme: "bearer" } },
      schemas: { Error: ERROR_SCHEMA },
    },
    security: [{ token: [] }],
    paths: docPaths,
  };
}

function operation(route: Route): object {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const parameters = [
    ...names.map((name) => ({
      name,
      in: "path",
      required: true,
      description: pathParams[name]?.description,
      schema: { type: "string" },
    })),
    ...Object.entries(route.query ?? {}).map(([name, description]) => ({
      name,
      in: "query",
      required: false,
      description,
      schema: { type: "string" },
    })),
  ];
  const responses: Record<string, object> = {};
  const refusal =
    route.scope === "admin" ? "the token is not an admin token" : "the token's scope does not hold this app";
  const forbidden = route.scope === "any" ? {} : { 403: refusal };
  for (const [status, description] of Object.entries({
    ...route.responses,
    401: "missing, wrong or revoked token",
    ...forbidden,
  })) {
    responses[status] = { description, content: contentFor(route, Number(status)) };
  }
  const requestBody =
    route.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            description: route.body,
            content: { "application/json": { schema: {} } },
          },
        };
  return { summary: route.summary, parameters, ...requestBody, responses };
}

function contentFor(route: Route, status: number): object {
  if (status >= 400) return { "application/json": { schema: { $ref: "#/components/schemas/Error" } } };
  if (route.streams) return { "text/plain": { schema: { type: "string" } } };
  return { "application/json": { schema: {} } };
}
