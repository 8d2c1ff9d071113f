import { SlipwayError } from "../errors.js";
import { startApp } from "./stop-app.js";
import { say } from "../output.js";
import { listApps, loadOrCreateApp, saveApp, saveRelease, type AppRecord, type Release } from "../state/app-state.js";
import type { SnippetDirective } from "../state/snippet-directive.js";
import { configSnapshot, loadConfig } from "../state/config.js";
import type { Settings } from "../state/settings.js";
import { SLUG_LABEL } from "../builders/build-app.js";
import { normalizeContext } from "../builders/build-images.js";
import { routedService, type ServiceTemplate, type Template } from "../template/template.js";
import { docker } from "../engine/docker.js";
import { exposedPort } from "../engine/container-spec.js";
import { pruneAppImages } from "../engine/images.js";
import { limitDefaults } from "../engine/limit-defaults.js";
import { checkPublishPorts } from "../engine/check-publish-ports.js";
import { planServices, type ImageFacts, type PlanProblem, type ServiceSpec } from "../engine/plan-services.js";
import { rollOut } from "./roll-out.js";
import { clearJournal, openJournal, type JournalWriter } from "../state/journal.js";
import { routeApp } from "../proxy/route-app.js";
import { loadRouting } from "../state/routing-state.js";
import { pruneDeploymentTemplates } from "../state/deployment-template.js";

export interface ReleaseInput {
  app: string;
  number: number;
  template: Template;
  /** Build context → built image. */
  images: Record<string, string>;
  /** Build context → build key, for a later push to find an image it can reuse. */
  buildKeys?: Record<string, string>;
  sha?: string;
  cause: string;
  pushedBy?: string;
  forced?: Set<string>;
  /** The repo's checked nginx snippets; redeploys keep the running ones. */
  snippets?: SnippetDirective[];
  /** The app record, read once under the lock by a push; read here for other releases. */
  record?: AppRecord;
  /** A push opens the journal before building; other releases get one here. */
  journal?: JournalWriter;
}

/** Hand out the next release number; failed attempts use one up too, so image tags never repeat. */
export function nextReleaseNumber(record: AppRecord): number {
  record.lastRelease++;
  saveApp(record);
  return record.lastRelease;
}

/** Plan, roll out and record one release of a deployment. The caller holds the app's lock. */
export async function applyRelease(settings: Settings, input: ReleaseInput): Promise<Release> {
  const record = input.record ?? loadOrCreateApp(input.app);
  if (input.journal) return applyJournaled(settings, input, record, input.journal);
  try {
    return await applyJournaled(settings, input, record, openJournal(input.app, input.number, record.routes));
  } finally {
    clearJournal(input.app); // only a killed run leaves its journal, for recovery to undo
  }
}

async function applyJournaled(settings: Settings, input: ReleaseInput, loaded: AppRecord, journal: JournalWriter): Promise<Release> {
  // A deploy brings a stopped app back, as Dokku's does: its containers run again before the roll-out.
  if (loaded.stopped) await startApp(settings, input.app);
  const record = loaded.stopped ? loadOrCreateApp(input.app) : loaded;
  const config = loadConfig(input.app);
  const facts = await imageFacts(input.template, input.images);
  const { specs, problems } = planServices({
    app: input.app, template: input.template, config, images: (s) => facts.get(s.name)!, scale: record.scale ?? {},
    defaults: limitDefaults(settings),
  });
  if (problems.length) throw planError(input.app, problems);
  checkPublishConflicts(input.app, specs);
  checkPublishPorts(settings, input.template, record.current);
  const result = await rollOut(settings, {
    app: input.app, release: input.number, specs, routed: routedService(input.template), domainServices: domainServices(input.app), previous: record.current, previousRoutes: record.routes,
    reserved: reservedPorts(), forced: input.forced, journal, route: (target) => routeApp(settings, input.app, { ...target, snippets: input.snippets ?? record.routes?.snippets }),
  });
  const release: Release = {
    number: input.number, sha: input.sha, deployedAt: new Date().toISOString(), pushedBy: input.pushedBy, cause: input.cause,
    template: input.template, images: input.images, buildKeys: input.buildKeys, config: configSnapshot(config),
    services: result.services,
  };
  saveRelease(input.app, release);
  const routes = result.routes && { ...result.routes, snippets: input.snippets ?? record.routes?.snippets };
  saveApp({ ...record, current: release, routes: routes ?? record.routes });
  journal.enter("draining");
  result.retire();
  await pruneAppImages(settings, input.app).catch((err) => say.warn(`could not prune old images: ${err}`));
  pruneTemplates(settings, input.app);
  return release;
}

/** Template documents follow the releases kept for rollback; a failure to delete one must not fail the release. */
function pruneTemplates(settings: Settings, app: string): void {
  try {
    pruneDeploymentTemplates(app, settings.keepReleases);
  } catch (err) {
    say.warn(`could not prune old template documents: ${err}`);
  }
}

/** Check variables before building, so a typo in slipway.yml costs no build. */
export function checkTemplateEnv(app: string, template: Template): void {
  const placeholder = { ref: "", id: "" };
  const { problems } = planServices({ app, template, config: loadConfig(app), images: () => placeholder, scale: {} });
  if (problems.length) throw planError(app, problems);
}

export function planError(app: string, problems: PlanProblem[]): SlipwayError {
  const lines = problems.map((p) => `  services.${p.service}: ${p.message}`).join("\n");
  return new SlipwayError("bad-env", `the template can't be deployed as ${app}:\n${lines}`, {
    hint: `set the missing values with \`slipway config:set ${app} NAME=VALUE\`, or give a default as \${NAME:-default}; nothing was changed`,
  });
}

/** What the planner needs from the engine about each service's image. */
export async function imageFacts(template: Template, images: Record<string, string>): Promise<Map<string, ImageFacts>> {
  const engine = await docker();
  const out = new Map<string, ImageFacts>();
  for (const s of template.services) {
    const ref = imageRef(s, images);
    const info = await engine.getImage(ref).inspect().catch(() => undefined);
    if (!info) throw missingImage(s, ref);
    const exposed = Object.keys(info.Config?.ExposedPorts ?? {}).length ? exposedPort(info.Config.ExposedPorts) : undefined;
    out.set(s.name, { ref, id: info.Id, exposedPort: exposed, slug: info.Config?.Labels?.[SLUG_LABEL] === "1" });
  }
  return out;
}

function imageRef(s: ServiceTemplate, images: Record<string, string>): string {
  return s.build !== undefined ? images[normalizeContext(s.build)] : s.image!;
}

function missingImage(s: ServiceTemplate, ref: string): SlipwayError {
  return new SlipwayError("no-image", `service ${s.name} needs image ${ref}, which is not on this host`, {
    hint: "no registry is needed: load it with `slipway images:load < image.tar` (from `docker save`), then deploy again",
  });
}

/** A public port another deployment publishes is refused before anything changes. */
function checkPublishConflicts(app: string, specs: ServiceSpec[]): void {
  const taken = new Map<string, string>();
  for (const other of listApps()) {
    if (other.name === app) continue;
    for (const [svc, state] of Object.entries(other.current?.services ?? {})) for (const host of Object.keys(state.publish ?? {})) taken.set(host, `${other.name}/${svc}`);
  }
  const clashes = specs.flatMap((s) => Object.keys(s.publish).filter((h) => taken.has(h)).map((h) => `host port ${h} (services.${s.name}.publish) is already published by ${taken.get(h)}`));
  if (clashes.length) throw new SlipwayError("port-taken", clashes.join("\n"), { hint: "pick another host port in slipway.yml, or destroy the other deployment first; nothing was changed" });
}

function domainServices(app: string): Set<string> {
  try {
    return new Set(loadRouting(app).domains.flatMap((d) => (d.service ? [d.service] : [])));
  } catch {
    return new Set(); // damaged routing state is reported by routeApp, where it is used
  }
}

/** Host ports of every app's live containers; a new container never takes one of them. */
function reservedPorts(): Set<number> {
  return new Set(listApps().flatMap((a) => Object.values(a.current?.services ?? {}).flatMap((s) => s.containers.flatMap((c) => (c.hostPort ? [c.hostPort] : [])))));
}
