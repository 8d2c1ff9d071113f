import { SlipwayError } from "../errors.js";
import { readJson, writeJsonAtomic } from "./atomic-write.js";
import { paths } from "./paths.js";

/** A domain routed to one service; without a service it follows the app's default service. */
export interface DomainRoute {
  name: string;
  service?: string;
}

/** The certificate nginx serves for the app; its files live in paths.appTlsDir(app)/ID. */
export interface CertRecord {
  id: string;
  source: "manual" | "letsencrypt";
  /** DNS names the certificate covers (may include `*.` names). */
  names: string[];
  notAfter: string;
}

/** Everything routing keeps per app beside the deployment. Holds password hashes, so it is 0600. */
export interface RoutingState {
  domains: DomainRoute[];
  /** auth:set users and their crypt(3) hashes; empty means no HTTP auth. */
  auth: Record<string, string>;
  cert?: CertRecord;
  letsencrypt?: { email: string };
}

export function emptyRouting(): RoutingState {
  return { domains: [], auth: {} };
}

/** An app's routing state; a damaged file is reported as such, not as a crash. */
export function loadRouting(app: string): RoutingState {
  let stored: Partial<RoutingState> | undefined;
  try {
    stored = readJson<Partial<RoutingState>>(paths.appRouting(app));
  } catch (err) {
    throw new SlipwayError(
      "routing-state",
      `the routing state of ${app} is unreadable: ${(err as Error).message}`,
      {
        hint: `fix or remove ${paths.appRouting(app)}, then run the routing command again`,
        cause: err,
      },
    );
  }
  return { ...emptyRouting(), ...stored };
}

export function saveRouting(app: string, state: RoutingState): void {
  writeJsonAtomic(paths.appRouting(app), state, 0o600);
}
