import { SlipwayError, usageError } from "../errors.js";

/** What a key or token may touch: everything (admin), or only the apps its patterns match. */
export type AccessScope = "admin" | { apps: string[] };

/** Who asked: an SSH key, an API token, or someone on the server itself (always admin). */
export interface Caller {
  kind: "key" | "token" | "local";
  name: string;
  scope: AccessScope;
}

export const LOCAL_CALLER: Caller = { kind: "local", name: "local", scope: "admin" };

/** An app name in which `*` may stand for any run of name characters: shop, shop-*, *-staging. */
const APP_PATTERN = /^[a-z*][a-z0-9*-]{0,62}$/;
/** The value of --apps exactly as a key line may carry it; quoted there, so `*` is never globbed. */
export const APPS_VALUE = /^[a-z0-9*,-]{1,1000}$/;

const PATTERN_HINT = "give names separated by commas, * matching any part: --apps 'shop,blog-*' (quoted)";

/** `--apps a,shop-*` as a list of patterns; a bad one is refused with the rule. */
export function parseAppPatterns(raw: string): string[] {
  const patterns = raw.split(",");
  const bad = patterns.find((p) => !APP_PATTERN.test(p));
  if (bad !== undefined || !APPS_VALUE.test(raw)) {
    const shown = JSON.stringify(bad ?? raw);
    throw usageError(
      `invalid --apps ${JSON.stringify(raw)}: ${shown} is not an app name or pattern`,
      PATTERN_HINT,
    );
  }
  return [...new Set(patterns)];
}

/** The scope chosen by --admin or --apps; exactly one of them, unless a default is given. */
type ScopeFlags = { admin?: unknown; apps?: unknown };

export function scopeFromFlags(flags: ScopeFlags, usage: string, fallback?: AccessScope): AccessScope {
  if (flags.admin && typeof flags.apps === "string")
    throw usageError("give --admin or --apps, not both", usage);
  if (flags.admin) return "admin";
  if (typeof flags.apps === "string") return { apps: parseAppPatterns(flags.apps) };
  if (fallback) return fallback;
  throw usageError(
    "say what it may do: --apps APP,... for only those apps, or --admin for everything",
    usage,
  );
}

/** A scope as stored: none (files from before scopes) is admin; anything malformed reaches nothing. */
export function readScope(raw: unknown): AccessScope {
  if (raw === undefined || raw === "admin") return "admin";
  const apps = (raw as { apps?: unknown })?.apps;
  if (!Array.isArray(apps)) return { apps: [] };
  return { apps: apps.filter((p): p is string => typeof p === "string" && APP_PATTERN.test(p)) };
}

/**
 * Carries a caller's scope to a process started on its behalf: a repo's hook (from ssh-serve or
 * git over HTTP) and a CLI child of slipwayd. It can only narrow what a process may do.
 */
export const SCOPE_ENV = "SLIPWAY_SCOPE";

export function scopeEnv(scope: AccessScope): Record<string, string> {
  return { [SCOPE_ENV]: JSON.stringify(scope) };
}

/** The scope handed down in env; `fallback` when none was; a malformed one reaches nothing. */
export function scopeFromEnv(env: NodeJS.ProcessEnv, fallback: AccessScope): AccessScope {
  const raw = env[SCOPE_ENV];
  if (raw === undefined) return fallback;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed === null || parsed === undefined ? { apps: [] } : readScope(parsed);
  } catch {
    return { apps: [] };
  }
}

/**
 * Whose images a caller's deploy of `app` may run or build from: its own app's, and those of apps
 * the caller may use. A local caller is admin unless slipwayd handed down its API caller's scope.
 */
export function imageScope(caller: Caller, env: NodeJS.ProcessEnv): (owner: string) => boolean {
  const scope = caller.kind === "local" ? scopeFromEnv(env, "admin") : caller.scope;
  return (owner) => mayAccess(scope, owner);
}

/**
 * A scope that holds APP also holds APP--*, APP's branch previews. `--` parts a name the way `/`
 * parts a path: a pattern matches the name's leading parts, one part each, so `*` never spans `--`
 * and `shop-*` or `*-x` cannot reach `shop--x`, a preview carrying shop's config.
 */
export function mayAccess(scope: AccessScope, app: string): boolean {
  if (scope === "admin") return true;
  const parts = app.split("--");
  return scope.apps.some((p) => {
    const want = p.split("--");
    return want.length <= parts.length && want.every((w, i) => partPattern(w).test(parts[i]));
  });
}

/** One `--`-free part of a pattern, `*` standing for any run of name characters. */
function partPattern(part: string): RegExp {
  return new RegExp(`^${part.replaceAll("*", "[a-z0-9-]*")}$`);
}

/** The apps a listing shows this caller. */
export function visibleApps<T extends { name: string }>(caller: Caller, apps: T[]): T[] {
  return apps.filter((a) => mayAccess(caller.scope, a.name));
}

/** What keys:list and tokens:list show: `admin`, or `apps:shop,blog-*`. */
export function describeScope(scope: AccessScope): string {
  return scope === "admin" ? "admin" : `apps:${scope.apps.join(",")}`;
}

/** Exit 77 (EX_NOPERM) over SSH, 403 over HTTP. */
export function requireAccess(caller: Caller, app: string): void {
  if (mayAccess(caller.scope, app)) return;
  const wider = caller.scope === "admin" ? [] : caller.scope.apps;
  const who = `${caller.kind} ${caller.name}`;
  throw new SlipwayError(
    "forbidden",
    `${who} may not use app ${app}: it is limited to ${describeScope(caller.scope)}`,
    {
      hint: grantHint(caller, `--apps ${[...wider, app].join(",")}`),
      exitCode: 77,
    },
  );
}

export function requireAdmin(caller: Caller, what: string): void {
  if (caller.scope === "admin") return;
  const who = `${caller.kind} ${caller.name}`;
  throw new SlipwayError(
    "forbidden",
    `${what} is for admins, and ${who} is limited to ${describeScope(caller.scope)}`,
    {
      hint: grantHint(caller, "--admin"),
      exitCode: 77,
    },
  );
}

/** Only an admin on the server changes a scope: keys and tokens are local-only commands. */
function grantHint(caller: Caller, flags: string): string {
  const name = caller.name;
  const admin = "only an admin on the server can grant it";
  if (caller.kind === "token") return `${admin}, with a new token: slipway tokens:create NAME ${flags}`;
  return `${admin}: slipway keys:remove ${name}, then slipway keys:add ${name} ${flags} < ${name}.pub`;
}
