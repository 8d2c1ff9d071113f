import { SlipwayError } from "../errors.js";
import { parseAppName } from "../state/app-name.js";

export type GitService = "git-receive-pack" | "git-upload-pack";

export interface GitHttpRequest {
  app: string;
  service: GitService;
  /** PATH_INFO for git http-backend, relative to the repos dir. */
  pathInfo: string;
}

const GIT_PATH = /^\/git\/([^/]+)\/(info\/refs|git-receive-pack|git-upload-pack)$/;
const SERVICES = new Set(["git-receive-pack", "git-upload-pack"]);

/**
 * Only git's smart protocol passes: the ref advertisement (GET) and the two pack services (POST).
 * The dumb protocol (raw files under objects/) would bypass the hook, so it is refused.
 */
export function parseGitPath(method: string, pathname: string, query: URLSearchParams): GitHttpRequest {
  const m = GIT_PATH.exec(pathname);
  if (!m) {
    throw new SlipwayError("not-found", `no such git endpoint: ${pathname}`, {
      hint: "push to http://USER:TOKEN@HOST:PORT/git/APP.git",
    });
  }
  const app = parseAppName(m[1]);
  const advert = m[2] === "info/refs";
  const service = advert ? (query.get("service") ?? "") : m[2];
  if (!SERVICES.has(service)) {
    throw new SlipwayError("bad-request", "only git's smart HTTP protocol is served", {
      hint: "use git 1.6.6 or newer",
    });
  }
  if (method !== (advert ? "GET" : "POST")) {
    throw new SlipwayError("method-not-allowed", `${method} is not allowed on ${pathname}`, {
      hint: `use ${advert ? "GET" : "POST"}`,
    });
  }
  return { app, service: service as GitService, pathInfo: `/${app}.git/${m[2]}` };
}
