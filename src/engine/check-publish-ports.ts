import { SlipwayError } from "../errors.js";
import type { Settings } from "../state/settings.js";
import type { Release } from "../state/app-state.js";
import { heldHostPorts, sshdPorts } from "../system/host-ports.js";
import type { Template } from "../template/template.js";
import { FIRST_FREE_PORT, publishRefusals, reservedPorts, type ServerPorts } from "./publish-refusals.js";

/** The server's ports as they are now; read at deploy time, since what listens changes. */
export function serverPorts(settings: Settings, current?: Release): ServerPorts {
  const live = Object.values(current?.services ?? {});
  return {
    reserved: reservedPorts({
      ssh: sshdPorts(),
      http: [settings.nginx.listen],
      https: [settings.nginx.tlsListen],
      daemon: settings.daemon.port,
    }),
    held: heldHostPorts(),
    allowed: new Set(settings.publishAllowed),
    ownLive: new Set(live.flatMap((s) => Object.keys(s.publish ?? {}).map(Number))),
  };
}

/** Refuse, before anything is built or changed, a `publish:` port the server uses or has not allowed. */
export function checkPublishPorts(
  settings: Settings,
  template: Template,
  current: Release | undefined,
): void {
  if (!template.services.some((s) => Object.keys(s.publish).length)) return;
  const refusals = publishRefusals(template, serverPorts(settings, current));
  if (!refusals.length) return;
  // port-taken: the API answers 409, as for a port another deployment publishes.
  throw new SlipwayError("port-taken", refusals.join("\n"), {
    hint:
      `publish a port from ${FIRST_FREE_PORT} up that nothing on the server uses (change slipway.yml); ` +
      "a port below 1024 needs an admin to run `slipway ports:allow PORT` on the server. Nothing was changed",
  });
}
