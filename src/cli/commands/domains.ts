import { usageError } from "../../errors.js";
import { parseDomain } from "../../proxy/domain.js";
import { routeApp } from "../../proxy/route-app.js";
import { listApps } from "../../state/app-state.js";
import { withLock } from "../../state/lock.js";
import { paths } from "../../state/paths.js";
import { saveSettings, type Settings } from "../../state/settings.js";
import { say } from "../output.js";
import type { Command } from "../command.js";

export const domainsCommands: Command[] = [
  {
    name: "domains:set-global",
    usage: "domains:set-global DOMAIN",
    summary: "serve every app at APP.DOMAIN",
    remote: false,
    async run({ args, settings }) {
      if (args.length !== 1) throw usageError("domains:set-global takes one DOMAIN", "slipway domains:set-global example.org");
      await setGlobalDomain(settings, args[0]);
    },
  },
];

/** Store the new global domain and move every deployed app's vhost to APP.DOMAIN. */
export async function setGlobalDomain(settings: Settings, raw: string): Promise<void> {
  const domain = parseDomain(raw);
  if (domain === settings.domain) {
    say.step(`Apps are already served at APP.${domain}`);
    return;
  }
  const next = { ...settings, domain };
  saveSettings(next);
  for (const app of listApps()) {
    const target = app.routes;
    if (!target) continue;
    await withLock(paths.lock(`app-${app.name}`), { timeoutMs: 600_000, holder: `a deploy of ${app.name}` }, () => routeApp(next, app.name, target));
  }
  say.step(`Apps are now served at APP.${domain}`);
}
