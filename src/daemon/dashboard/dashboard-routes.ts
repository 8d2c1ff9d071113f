import { SlipwayError } from "../../errors.js";
import { requireApp } from "../../state/app-state.js";
import { parseConfigName } from "../../state/config.js";
import { requirePushOutput } from "../../state/push-output.js";
import { runCli } from "../run-cli.js";
import { loadAppPage } from "./app-page-data.js";
import type { DashboardRoute } from "./dashboard-route.js";
import { streamLogs } from "./log-stream.js";
import { loadOverview } from "./overview-data.js";
import { renderAppPage } from "./render-app-page.js";
import { renderOverview } from "./render-overview.js";
import { renderPushOutput, renderRollbackConfirm } from "./render-simple-pages.js";
import { redirect, sendHtml } from "./send-page.js";
import { loginRoutes } from "./login-routes.js";
import { readStatusReport, renderStatusPage } from "./status-page.js";

function releaseNumber(raw: string | null): number {
  const n = Number(raw);
  if (raw && /^[1-9]\d{0,8}$/.test(raw)) return n;
  throw new SlipwayError("bad-request", "pick a release number from the list", {
    hint: "see the Releases table",
  });
}

/** Every page and form target of the dashboard; each declares its scope like an API route. */
export const dashboardRoutes: DashboardRoute[] = [
  ...loginRoutes,
  {
    method: "GET",
    path: "/",
    scope: "any",
    handle: async ({ res, settings, caller, frame }) =>
      sendHtml(res, 200, renderOverview({ ...frame, title: "Apps" }, await loadOverview(settings, caller))),
  },
  {
    method: "GET",
    path: "/status",
    scope: "admin",
    handle: async ({ res, frame }) =>
      sendHtml(res, 200, renderStatusPage({ ...frame, title: "Status" }, await readStatusReport())),
  },
  {
    method: "GET",
    path: "/apps/{app}",
    scope: "app",
    handle: async ({ res, settings, params, query, frame }) => {
      const page = await loadAppPage(settings, requireApp(params.app));
      const opts = { done: query.get("done") ?? undefined, service: query.get("service") || undefined };
      sendHtml(res, 200, renderAppPage({ ...frame, title: params.app }, page, opts));
    },
  },
  {
    method: "POST",
    path: "/apps/{app}/config",
    scope: "app",
    handle: async ({ res, params, form, caller }) => {
      const name = parseConfigName(form.get("name") ?? "");
      const vars = JSON.stringify({ [name]: form.get("value") ?? "" });
      await runCli(["config:set", params.app, "--stdin"], vars, caller.name);
      redirect(res, `/apps/${params.app}?done=config-set`);
    },
  },
  {
    method: "POST",
    path: "/apps/{app}/config/unset",
    scope: "app",
    handle: async ({ res, params, form, caller }) => {
      await runCli(
        ["config:unset", params.app, parseConfigName(form.get("name") ?? "")],
        undefined,
        caller.name,
      );
      redirect(res, `/apps/${params.app}?done=config-unset`);
    },
  },
  {
    method: "GET",
    path: "/apps/{app}/rollback",
    scope: "app",
    handle: async ({ res, params, query, frame }) => {
      const live = requireApp(params.app).current?.number;
      const page = renderRollbackConfirm(
        { ...frame, title: "Roll back" },
        params.app,
        releaseNumber(query.get("release")),
        live,
      );
      sendHtml(res, 200, page);
    },
  },
  {
    method: "POST",
    path: "/apps/{app}/rollback",
    scope: "app",
    handle: async ({ res, params, form, caller }) => {
      requireApp(params.app);
      await runCli(
        ["rollback", params.app, String(releaseNumber(form.get("release")))],
        undefined,
        caller.name,
      );
      redirect(res, `/apps/${params.app}?done=rolled-back`);
    },
  },
  {
    method: "GET",
    path: "/apps/{app}/pushes/{release}",
    scope: "app",
    handle: async ({ res, params, frame }) => {
      const text = requirePushOutput(params.app, Number(params.release));
      sendHtml(
        res,
        200,
        renderPushOutput({ ...frame, title: "Push output" }, params.app, Number(params.release), text),
      );
    },
  },
  {
    method: "GET",
    path: "/apps/{app}/logs/stream",
    scope: "app",
    handle: async ({ res, params, query, caller }) =>
      streamLogs(res, requireApp(params.app), caller.name, query.get("service") || undefined),
  },
];
