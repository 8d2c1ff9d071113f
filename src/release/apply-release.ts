import { SlipwayError } from "../errors.js";
import { startApp } from "./stop-app.js";
import { say } from "../output.js";
import {
  listApps,
  loadOrCreateApp,
  saveApp,
  saveRelease,
  type AppRecord,
  type Release,
} from "../state/app-state.js";
import type { SnippetDirective } from "../state/snippet-directive.js";
import { configSnapshot, loadConfig } from "../state/config.js";
import type { Settings } from "../state/settings.js";
import { routedService, type Template } from "../template/template.js";
import { pruneAppImages } from "../engine/images.js";
import { limitDefaults } from "../engine/limit-defaults.js";
import { checkPublishPorts } from "../engine/check-publish-ports.js";
import { planServices, type ServiceSpec } from "../engine/plan-services.js";
import { rollOut } from "./roll-out.js";
import { imageFacts, planError } from "./release-inputs.js";
import { clearJournal, openJournal, type JournalWriter } from "../state/journal.js";
import { nginxRouter } from "../proxy/app-router.js";
import { loadRouting } from "../state/routing-state.js";
import { pruneDeploymentTemplates } from "../state/deployment-template.js";
import { schedulerOf } from "../state/scheduler-name.js";
import { pruneRegistry } from "./prune-registry.js";

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

async function applyJournaled(
  settings: Settings,
  input: ReleaseInput,
  loaded: AppRecord,
  journal: JournalWriter,
): Promise<Release> {
  // A deploy brings a stopped app back, as Dokku's does: its containers run again before the roll-out.
  if (loaded.stopped) await startApp(settings, input.app);
  const record = loaded.stopped ? loadOrCreateApp(input.app) : loaded;
  const config = loadConfig(input.app);
  const facts = await imageFacts(input.template, input.images);
  const { specs, problems } = planServices({
    app: input.app,
    template: input.template,
    config,
    images: (s) => facts.get(s.name)!,
    scale: record.scale ?? {},
    defaults: limitDefaults(settings),
  });
  if (problems.length) throw planError(input.app, problems);
  // The app's own record is the one passed down; only the others are read here.
  const others = listApps(input.app);
  checkPublishConflicts(others, specs);
  checkPublishPorts(settings, input.template, record.current);
  const result = await rollOut(settings, {
    app: input.app,
    release: input.number,
    specs,
    routed: routedService(input.template),
    domainServices: domainServices(input.app),
    previous: record.current,
    previousRoutes: record.routes,
    reserved: reservedPorts([...others, record]),
    forced: input.forced,
    journal,
    router: nginxRouter(settings, input.app, input.snippets ?? record.routes?.snippets),
    scheduler: schedulerOf(record, settings.scheduler),
  });
  const release: Release = {
    number: input.number,
    sha: input.sha,
    deployedAt: new Date().toISOString(),
    pushedBy: input.pushedBy,
    cause: input.cause,
    template: input.template,
    images: input.images,
    buildKeys: input.buildKeys,
    config: configSnapshot(config),
    services: result.services,
  };
  saveRelease(input.app, release);
  const routes = result.routes && { ...result.routes, snippets: input.snippets ?? record.routes?.snippets };
  saveApp({ ...record, current: release, routes: routes ?? record.routes });
  journal.enter("draining");
  result.retire();
  await pruneAppImages(settings, input.app).catch((err) => say.warn(`could not prune old images: ${err}`));
  if (Object.values(release.services).some((s) => s.swarm)) await pruneRegistry(settings, input.app);
  pruneTemplates(settings, input.app, release);
  return release;
}

/** Template documents follow the releases kept for rollback; a failure to delete one must not fail the release. */
function pruneTemplates(settings: Settings, app: string, live: Release): void {
  try {
    pruneDeploymentTemplates(app, settings.keepReleases, live);
  } catch (err) {
    say.warn(`could not prune old template documents: ${err}`);
  }
}

/** A public port another deployment publishes is refused before anything changes. */
function checkPublishConflicts(others: AppRecord[], specs: ServiceSpec[]): void {
  const taken = new Map<string, string>();
  for (const other of others) {
    for (const [svc, state] of Object.entries(other.current?.services ?? {}))
      for (const host of Object.keys(state.publish ?? {})) taken.set(host, `${other.name}/${svc}`);
  }
  const clashes = specs.flatMap((s) =>
    Object.keys(s.publish)
      .filter((h) => taken.has(h))
      .map((h) => `host port ${h} (services.${s.name}.publish) is already published by ${taken.get(h)}`),
  );
  if (clashes.length)
    throw new SlipwayError("port-taken", clashes.join("\n"), {
      hint: "pick another host port in slipway.yml, or destroy the other deployment first; nothing was changed",
    });
}

function domainServices(app: string): Set<string> {
  try {
    return new Set(loadRouting(app).domains.flatMap((d) => (d.service ? [d.service] : [])));
  } catch {
    return new Set(); // damaged routing state is reported by routeApp, where it is used
  }
}

/** Host ports of every app's live containers; a new container never takes one of them. */
function reservedPorts(apps: AppRecord[]): Set<number> {
  return new Set(
    apps.flatMap((a) =>
      Object.values(a.current?.services ?? {}).flatMap((s) =>
        s.containers.flatMap((c) => (c.hostPort ? [c.hostPort] : [])),
      ),
    ),
  );
}
