import fs from "node:fs";
import path from "node:path";
import { templateHash } from "../template/same-template.js";
import type { Template } from "../template/template.js";
import { listReleases, loadApp, type Release } from "./app-state.js";
import { readText, writeFileAtomic } from "./atomic-write.js";
import { paths } from "./paths.js";
import { staleTemplateFiles } from "./plan-template-prune.js";

/**
 * The template document the live release runs, as written, for set_service to edit. Kept per
 * template hash, so a rollback finds the document of the release it went back to. Before the
 * first release: the pending one. Undefined for releases made by git push.
 */
export function loadDeploymentTemplate(app: string): string | undefined {
  const current = loadApp(app)?.current;
  return readText(
    current ? paths.deploymentTemplate(app, templateHash(current.template)) : paths.pendingTemplate(app),
  );
}

/** Kept 0600: a template's env may hold literal values. */
export function saveDeploymentTemplate(app: string, template: Template, text: string): void {
  writeFileAtomic(paths.deploymentTemplate(app, templateHash(template)), text, 0o600);
  fs.rmSync(paths.pendingTemplate(app), { force: true });
}

/** A checked template not yet running (its first roll-out failed): the base of the next set_service. */
export function savePendingTemplate(app: string, text: string): void {
  writeFileAtomic(paths.pendingTemplate(app), text, 0o600);
}

/** Delete the documents no kept release uses (staleTemplateFiles); the caller holds the app lock, after `live` is recorded. */
export function pruneDeploymentTemplates(app: string, keep: number, live: Release): void {
  let files: string[];
  try {
    files = fs.readdirSync(paths.templatesDir(app));
  } catch {
    return; // an app deployed only by git push has no documents
  }
  const hashes = listReleases(app).map((r) => templateHash(r.template));
  for (const file of staleTemplateFiles(files, hashes, templateHash(live.template), keep))
    fs.rmSync(path.join(paths.templatesDir(app), file), { force: true });
}
