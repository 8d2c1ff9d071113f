import fs from "node:fs";
import { templateHash } from "../template/same-template.js";
import type { Template } from "../template/template.js";
import { loadApp } from "./app-state.js";
import { readText, writeFileAtomic } from "./atomic-write.js";
import { paths } from "./paths.js";

/**
 * The template document the live release runs, as written, for set_service to edit. Kept per
 * template hash, so a rollback finds the document of the release it went back to. Before the
 * first release: the pending one. Undefined for releases made by git push.
 */
export function loadDeploymentTemplate(app: string): string | undefined {
  const current = loadApp(app)?.current;
  return readText(current ? paths.deploymentTemplate(app, templateHash(current.template)) : paths.pendingTemplate(app));
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
