import { readText, writeFileAtomic } from "./atomic-write.js";
import { paths } from "./paths.js";

/** The deployment's template document as text: what set_service edits. Undefined before the first one. */
export function loadDeploymentTemplate(app: string): string | undefined {
  return readText(paths.deploymentTemplate(app));
}

/** Kept 0600: a template's env may hold literal values. */
export function saveDeploymentTemplate(app: string, text: string): void {
  writeFileAtomic(paths.deploymentTemplate(app), text, 0o600);
}
