import { loadApp, type AppRecord } from "../state/app-state.js";
import { loadDeploymentTemplate } from "../state/deployment-template.js";

/** What the API says about a deployment: the same body for the same state, so creating twice answers alike. */
export function deploymentView(app: AppRecord) {
  const current = app.current;
  return {
    name: app.name,
    createdAt: app.createdAt,
    release: current?.number ?? null,
    services: Object.entries(current?.services ?? {}).map(([name, s]) => ({
      name,
      image: s.image,
      containers: s.containers.map((c) => c.id),
    })),
    /** The stored template document that set_service edits; null for apps deployed by git push. */
    template: loadDeploymentTemplate(app.name) ?? null,
  };
}

/** The view after a command, with what it printed and whether it made a new release. */
export function afterCommand(app: string, before: number | null, output: string) {
  const view = deploymentView(loadApp(app)!);
  return { ...view, changed: view.release !== before, output };
}
