import type { IncomingMessage, ServerResponse } from "node:http";
import type { Caller } from "../../git/access-scope.js";
import type { Settings } from "../../state/settings.js";
import type { Method, RouteScope } from "../route-table.js";
import type { Frame } from "./render-layout.js";
import type { Session } from "./session-store.js";

export interface DashboardContext {
  params: Record<string, string>;
  query: URLSearchParams;
  /** A post's form fields (its CSRF token already checked); empty for GET. */
  form: URLSearchParams;
  settings: Settings;
  req: IncomingMessage;
  res: ServerResponse;
  /** Absent only on public routes (the login page). */
  session?: Session;
  caller: Caller;
  frame: Frame;
}

/** A dashboard page or form target; scope is checked by the API's authorizeRoute before handle runs. */
export interface DashboardRoute {
  method: Method;
  path: string;
  scope: RouteScope;
  /** Served without a session: the login page and its form. */
  public?: true;
  handle(ctx: DashboardContext): Promise<void>;
}
