import { SlipwayError } from "../errors.js";
import { say } from "../cli/output.js";
import { archiveTree, treeHasFile } from "../build/archive.js";
import { buildImage } from "../build/build-image.js";
import { applyRoute } from "../proxy/apply-route.js";
import { loadOrCreateApp, saveApp, listApps, type Release, type RouteTarget } from "../state/app-state.js";
import { clearJournal, openJournal } from "../state/journal.js";
import type { Settings } from "../state/settings.js";
import { docker } from "./docker.js";
import { exposedPort } from "./container-spec.js";
import { imageTag, pruneAppImages, removeImage } from "./images.js";
import { recordBuildLayers } from "./build-layers.js";
import { stepLayerIds } from "./plan-image-prune.js";
import { gateOptions, passGate } from "./health-gate.js";
import { removeLeftovers } from "./remove-leftovers.js";
import { retireInBackground } from "./retire.js";
import { startWebContainer } from "./start-container.js";
import { restartPolicyFor } from "./supervisors/supervised-job.js";
import { jobFor, removeSupervisedContainer, superviseJobs } from "./supervisors/supervise.js";

export interface DeployRequest {
  app: string;
  sha: string;
  repoDir: string;
  pushedBy?: string;
}

/**
 * Build, start, health-wait, switch nginx, then retire the old container. The caller holds the
 * app's lock. Any failure before the switch leaves the previous release serving, untouched.
 */
export async function deploy(settings: Settings, req: DeployRequest): Promise<Release> {
  try {
    return await deployJournaled(settings, req);
  } finally {
    clearJournal(req.app); // [issue-4] finished or cleaned up after itself; only a killed deploy leaves its journal
  }
}

async function deployJournaled(settings: Settings, req: DeployRequest): Promise<Release> {
  const record = loadOrCreateApp(req.app);
  const previous = record.current;
  await removeLeftovers(settings, req.app, previous?.containerId);
  const number = ++record.lastRelease;
  saveApp(record);

  // [issue-4] crash-safety journal: one enter() per phase, created() for each container or image made.
  const journal = openJournal(req.app, number, record.routes ?? (previous && routeForRelease(previous)));
  journal.enter("building", { images: [imageTag(settings, req.app, number)] });
  const image = await buildRelease(settings, req, number);
  const info = await (await docker()).getImage(image).inspect();
  const port = exposedPort(info.Config.ExposedPorts);
  say.step(`Starting release ${number} (port ${port})`);
  journal.enter("starting"); // [issue-4]
  const restart = restartPolicyFor(settings.supervisor); // [issue-4] "no" under systemd/upstart
  const plan = { namePrefix: settings.namePrefix, app: req.app, release: number, image, sha: req.sha, port, labels: settings.labels, restart };
  const started = await startWebContainer(plan, settings.portRange, reservedPorts()).catch(async (err) => {
    await removeImage(image);
    throw err;
  });
  journal.created({ containers: [started.id] }); // [issue-4]
  const release: Release = {
    number, sha: req.sha, image, port, containerId: started.id, containerName: started.name,
    hostPort: started.hostPort, deployedAt: new Date().toISOString(), pushedBy: req.pushedBy,
  };
  try {
    journal.enter("health-gating"); // [issue-4]
    // [issue-4] health gate: the service's check (today none: port accepts, container up settleSeconds).
    await passGate({ containerId: started.id, hostPort: started.hostPort }, { kind: "none" }, gateOptions(settings));
    // [issue-4] systemd/upstart: one job per service instance, started (attached) before traffic moves; no-op for docker.
    await superviseJobs(settings, [jobFor(settings, { app: req.app, service: "web", instance: 1, containerName: started.name })]);
    journal.enter("switching"); // [issue-4]
    await routeTo(settings, req.app, release);
  } catch (err) {
    // If the vhost already moved (a failed reload, say), point it back before the container goes.
    if (previous) await routeTo(settings, req.app, previous).catch((e) => say.warn(`could not restore the previous route: ${e}`));
    await removeSupervisedContainer(settings, started.id, 0); // [issue-4] its job goes too
    await removeImage(image);
    throw err;
  }
  record.current = release;
  record.routes = routeForRelease(release);
  saveApp(record);
  journal.enter("draining"); // [issue-4]
  if (previous) retireInBackground(settings, req.app, previous.containerId); // [issue-4] retire.ts: marks the container as draining
  await pruneAppImages(settings, req.app, number).catch((err) => say.warn(`could not prune old images: ${err}`));
  return release;
}

async function buildRelease(settings: Settings, req: DeployRequest, number: number): Promise<string> {
  if (!(await treeHasFile(req.repoDir, req.sha, "Dockerfile"))) {
    throw new SlipwayError("no-dockerfile", "this push has no Dockerfile at the top of the repository", {
      hint: "add a Dockerfile (FROM ..., EXPOSE <port>, CMD ...) and push again",
    });
  }
  say.step(`Building ${req.app} release ${number} from Dockerfile (${req.sha.slice(0, 7)})`);
  const tag = imageTag(settings, req.app, number);
  const labels = { ...settings.labels, "slipway.app": req.app, "slipway.release": String(number), "slipway.sha": req.sha };
  const { tar, done } = archiveTree(req.repoDir, req.sha);
  // [issue-4] onFinished: remember the layers this build committed, so retention can remove them once dangling.
  const onFinished = (raw: string) => recordBuildLayers(req.app, stepLayerIds(raw));
  await Promise.all([buildImage({ context: tar, tag, labels, onOutput: (t) => process.stderr.write(t), onFinished }), done]);
  return tag;
}

/** Point the app's vhost at the new container; validated before it goes live. */
export async function routeTo(settings: Settings, app: string, release: Release): Promise<void> {
  say.step(`Routing ${app}.${settings.domain} to release ${release.number}`);
  await applyRoute(settings, app, routeForRelease(release)); // [issue-4] the same renderer recovery uses
}

/** Today's single web process as a route target. */
function routeForRelease(release: Release): RouteTarget {
  return { release: release.number, services: { web: [release.hostPort] }, defaultService: "web" };
}

/** Ports of every app's live container; a new container never takes one of them. */
function reservedPorts(): Set<number> {
  return new Set(listApps().flatMap((a) => (a.current ? [a.current.hostPort] : [])));
}

