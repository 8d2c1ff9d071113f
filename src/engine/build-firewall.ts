import { SlipwayError } from "../errors.js";
import type { Settings } from "../state/settings.js";
import { runProgram } from "../system/run-program.js";

/**
 * Put the host firewall rule that drops what builds send to this host in place, before a build:
 * a rule flushed since configure-system.sh ran (a firewall reload, a reboot without systemd)
 * would otherwise let RUN steps reach services on the host. Idempotent; no build runs without it.
 * An empty `builders.firewall` checks nothing (a test server that sets up no host firewall).
 */
export async function ensureBuildFirewall(settings: Settings, bridge: string): Promise<void> {
  const helper = settings.builders.firewall;
  if (!helper.length) return;
  const res = await runProgram([...helper, "add", bridge]);
  if (res.code === 0) return;
  const said = res.stderr.trim() || `exit ${res.code}`;
  throw new SlipwayError(
    "build-firewall",
    `builds are refused: the firewall rule that keeps them off this host could not be put in place (${said})`,
    { hint: "run `sudo ./configure-system.sh` again: it installs the rule and lets the git user renew it" },
  );
}
