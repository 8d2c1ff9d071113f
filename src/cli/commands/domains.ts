import { withAppLock } from "../../state/app-lock.js";
import { changeRouting } from "../../proxy/change-routing.js";
import { parseDomain } from "../../proxy/domain.js";
import { checkClaims, editDomains, type DomainEdit } from "../../proxy/edit-domains.js";
import { defaultHost } from "../../proxy/plan-vhost.js";
import { routeApp } from "../../proxy/route-app.js";
import { listApps, loadApp } from "../../state/app-state.js";
import { withLock } from "../../state/lock.js";
import { paths } from "../../state/paths.js";
import { loadRouting } from "../../state/routing-state.js";
import { saveSettings, type Settings } from "../../state/settings.js";
import { say } from "../../output.js";
import { APP, appCommand, arg, localCommand, many, type Command } from "../command.js";

const editCommand = (edit: DomainEdit, summary: string): Command => ({
  name: `domains:${edit}`,
  usage: `domains:${edit} APP DOMAIN...${edit === "remove" ? "" : " [--service NAME]"}`,
  summary,
  remote: true,
  scope: { app: 0 },
  flags: edit === "remove" ? {} : { service: { type: "string" } },
  args: [APP, many(arg("DOMAIN"))],
  async run({ args: [app, ...domains], flags, settings }) {
    const service = typeof flags.service === "string" ? flags.service : undefined;
    const apply = () =>
      changeRouting(settings, app, (state) => {
        const next = editDomains(state, edit, domains, service);
        checkClaims(settings, app, next);
        return next;
      });
    // Each app's lock alone would let two apps claim the same domain at once: claims are serialized.
    if (edit === "remove") await apply();
    else
      await withLock(
        paths.lock("domain-claims"),
        { timeoutMs: settings.lockTimeoutSeconds * 1000, holder: "another domain change" },
        apply,
      );
    say.step(
      `${app} domains: ${[defaultHost(settings, app), ...loadRouting(app).domains.map((d) => d.name)].join(", ")}`,
    );
    if (!loadApp(app)?.routes) say.info("saved; nginx routes them from the first deploy on\n");
  },
});

export const domainsCommands: Command[] = [
  editCommand("add", "route more domains to an app (or to one of its services)"),
  editCommand("remove", "stop routing domains to an app"),
  editCommand("set", "replace all of an app's custom domains"),
  appCommand({
    usage: "domains:list APP [--json]",
    summary: "an app's domains and the service each goes to",
    table: ["domain", "service", "kind"],
    async run({ args: [app], settings }) {
      const fallback = loadApp(app)?.routes?.defaultService ?? "web";
      const rows = [
        { domain: defaultHost(settings, app), service: fallback, kind: "default" },
        ...loadRouting(app).domains.map((d) => ({
          domain: d.name,
          service: d.service ?? fallback,
          kind: "custom",
        })),
      ];
      return rows;
    },
  }),
  localCommand({
    usage: "domains:set-global DOMAIN",
    summary: "serve every app at APP.DOMAIN",
    args: [arg("DOMAIN")],
    async run({ args: [domain], settings }) {
      await setGlobalDomain(settings, domain);
    },
  }),
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
    await withAppLock(next, app.name, () => routeApp(next, app.name, target));
  }
  say.step(`Apps are now served at APP.${domain}`);
}
