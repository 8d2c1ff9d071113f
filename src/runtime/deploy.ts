import { SlipwayError } from "../errors.js";
import { say } from "../cli/output.js";
import { archiveTree, treeHasFile } from "../build/archive.js";
import { buildImage } from "../build/build-image.js";
import { installVhost } from "../proxy/install-vhost.js";
import { renderVhost } from "../proxy/render-vhost.js";
import { waitForRoute } from "../proxy/verify-route.js";
import { loadOrCreateApp, saveApp, listApps, type Release } from "../state/app-state.js";
import type { Settings } from "../state/settings.js";
import { docker } from "./docker.js";
import { exposedPort } from "./container-spec.js";
import { listAppContainers, removeContainer } from "./containers.js";
import { imageTag, pruneAppImages, removeImage } from "./images.js";
import { gateOptions, passGate } from "./health-gate.js";
import { isBeingRetired, retireInBackground } from "./retire.js";
import { startWebContainer } from "./start-container.js";

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
  const record = loadOrCreateApp(req.app);
  const previous = record.current;
  await removeLeftovers(settings, req.app, previous?.containerId);
  const number = ++record.lastRelease;
  saveApp(record);

  const image = await buildRelease(settings, req, number);
  const info = await (await docker()).getImage(image).inspect();
  const port = exposedPort(info.Config.ExposedPorts);
  say.step(`Starting release ${number} (port ${port})`);
  const plan = { namePrefix: settings.namePrefix, app: req.app, release: number, image, sha: req.sha, port, labels: settings.labels };
  const started = await startWebContainer(plan, settings.portRange, reservedPorts()).catch(async (err) => {
    await removeImage(image);
    throw err;
  });
  const release: Release = {
    number, sha: req.sha, image, port, containerId: started.id, containerName: started.name,
    hostPort: started.hostPort, deployedAt: new Date().toISOString(), pushedBy: req.pushedBy,
  };
  try {
    // [issue-4] health gate: the service's check (today none: port accepts, then stays up settleSeconds).
    await passGate({ containerId: started.id, hostPort: started.hostPort }, { kind: "none" }, gateOptions(settings));
    await routeTo(settings, req.app, release);
  } catch (err) {
    // If the vhost already moved (a failed reload, say), point it back before the container goes.
    if (previous) await routeTo(settings, req.app, previous).catch((e) => say.warn(`could not restore the previous route: ${e}`));
    await removeContainer(started.id, 0);
    await removeImage(image);
    throw err;
  }
  record.current = release;
  record.routes = { release: number, services: { web: [release.hostPort] }, defaultService: "web" };
  saveApp(record);
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
  await Promise.all([buildImage({ context: tar, tag, labels, onOutput: (t) => process.stderr.write(t) }), done]);
  return tag;
}

/** Point the app's vhost at the new container; validated before it goes live. */
export async function routeTo(settings: Settings, app: string, release: Release): Promise<void> {
  say.step(`Routing ${app}.${settings.domain} to release ${release.number}`);
  const domains = [`${app}.${settings.domain}`];
  await installVhost(settings, app, (listen) => renderVhost({ app, domains, listen, upstreamPorts: [release.hostPort], release: release.number }));
  if (!(await waitForRoute(settings.nginx.listen, domains[0], release.number))) {
    say.warn(`nginx has not confirmed the new route yet; check \`curl -sI http://${domains[0]}/\``);
  }
}

/** Ports of every app's live container; a new container never takes one of them. */
function reservedPorts(): Set<number> {
  return new Set(listApps().flatMap((a) => (a.current ? [a.current.hostPort] : [])));
}

/** Containers of this app that are not the live one were left by an interrupted deploy or retire. */
async function removeLeftovers(settings: Settings, app: string, liveId: string | undefined): Promise<void> {
  // [issue-4] a container a live `internal:retire` is still draining is not a leftover.
  const stale = (await listAppContainers(settings, app)).filter((c) => c.Id !== liveId && !isBeingRetired(app, c.Id));
  await Promise.all(stale.map((c) => removeContainer(c.Id, 5)));
}
