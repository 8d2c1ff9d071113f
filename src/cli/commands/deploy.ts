import { imageScope } from "../../git/access-scope.js";
import fs from "node:fs";
import { SlipwayError, usageError } from "../../errors.js";
import { parseAppName } from "../../state/app-name.js";
import { applyRelease, nextReleaseNumber } from "../../release/apply-release.js";
import { checkTemplateEnv, checkTemplateImages } from "../../release/release-inputs.js";
import { formatPlan } from "../../engine/diff-services.js";
import { actor } from "../../state/app-lock.js";
import { loadApp, loadOrCreateApp } from "../../state/app-state.js";
import { configSnapshot, loadConfig } from "../../state/config.js";
import {
  loadDeploymentTemplate,
  saveDeploymentTemplate,
  savePendingTemplate,
} from "../../state/deployment-template.js";
import type { Settings } from "../../state/settings.js";
import { withAppSession } from "../../release/app-session.js";
import { loadTemplate } from "../../template/load-template.js";
import { loadBoundedYaml, MAX_TEMPLATE_BYTES } from "../../template/parse-limits.js";
import { sameTemplate } from "../../template/same-template.js";
import { parseServiceName } from "../../template/service-name.js";
import { setService } from "../../template/set-service.js";
import type { Template } from "../../template/template.js";
import { apiTarget, callApi } from "../api-client.js";
import { say } from "../../output.js";
import { arg, command, readStdin, type Command } from "../command.js";

/** Where a template comes from: a whole document, or one service's spec merged into the stored one. */
type TemplateSource = { text: string; file: string } | { service: string; spec: string };

export const deployCommands: Command[] = [
  command({
    usage: "deploy TEMPLATE.yml|- NAME [--remote URL --token TOKEN] | deploy - NAME --service SERVICE",
    summary:
      "roll out a template of image: services as deployment NAME, without git (- reads it from stdin); --remote applies it through slipwayd's API",
    remote: true,
    scope: { app: 1 },
    flags: { remote: { type: "string" }, token: { type: "string" }, service: { type: "string" } },
    args: [arg("TEMPLATE.yml|-"), arg("NAME", parseAppName)],
    async run({ args: [file, app], flags, settings, remote, pusher, caller }) {
      if (remote && file !== "-")
        throw usageError("over SSH the template comes on stdin", `ssh git@host deploy - ${app} < ${file}`);
      if (remote && flags.remote !== undefined)
        throw usageError(
          "--remote is for the slipway CLI on your own machine",
          `slipway deploy ${file} ${app} --remote https://host`,
        );
      const text = file === "-" ? await readStdin(MAX_TEMPLATE_BYTES, "the template") : readFile(file);
      if (typeof flags.remote === "string")
        return deployRemote(flags.remote, flags.token, app, { text, file: file === "-" ? "template" : file });
      const source: TemplateSource =
        typeof flags.service === "string"
          ? { service: parseServiceName(flags.service), spec: text }
          : { text, file: file === "-" ? "template" : file };
      const mayUseImagesOf = imageScope(caller, process.env);
      await withAppSession(settings, app, () =>
        deployTemplate(settings, app, source, pusher, mayUseImagesOf),
      );
    },
  }),
];

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new SlipwayError("no-template", `cannot read ${file}: ${(err as NodeJS.ErrnoException).code}`, {
      hint: "give the path of a slipway.yml-style template",
      cause: err,
    });
  }
}

/** Check, then roll out unless the live release already runs exactly this; the caller holds the app lock. */
async function deployTemplate(
  settings: Settings,
  app: string,
  source: TemplateSource,
  pusher: string | undefined,
  mayUseImagesOf: (owner: string) => boolean,
): Promise<void> {
  const { text, file } = "service" in source ? withService(app, source.service, source.spec) : source;
  const template = imageOnly(loadTemplate(text, file, { cronSeconds: settings.cronSeconds }));
  checkTemplateEnv(app, template);
  await checkTemplateImages(app, template, mayUseImagesOf);
  const record = loadOrCreateApp(app);
  const current = record.current;
  if (
    current &&
    sameTemplate(current.template, template) &&
    current.config.hash === configSnapshot(loadConfig(app)).hash
  ) {
    say.step(
      formatPlan(template.services.map((s) => ({ service: s.name, action: "keep", reason: "unchanged" }))),
    );
    say.step(`Nothing changed: release ${current.number} of ${app} already runs this template`);
    return saveDeploymentTemplate(app, template, text);
  }
  if (!current) savePendingTemplate(app, text);
  const release = await applyRelease(settings, {
    app,
    record,
    number: nextReleaseNumber(record),
    template,
    images: {},
    cause: "deploy",
    pushedBy: actor(pusher),
  });
  saveDeploymentTemplate(app, template, text);
  say.step(`Deployed ${app} release ${release.number}`);
}

/** set_service: the stored template with one service replaced, checked as a whole like any template. */
function withService(app: string, service: string, specText: string): { text: string; file: string } {
  const stored = loadDeploymentTemplate(app);
  const current = loadApp(app)?.current;
  if (stored === undefined && current) throw noStoredTemplate(app, service, current.sha !== undefined);
  let spec: unknown;
  try {
    spec = loadBoundedYaml(specText);
  } catch (err) {
    throw new SlipwayError(
      "bad-template",
      `the spec of ${service} is not JSON or YAML: ${(err as Error).message}`,
      {
        hint: "send the service as slipway.yml writes it, e.g. {image: ..., ports: {http: 5000}}",
        cause: err,
      },
    );
  }
  return { text: setService(stored, service, spec), file: `${app}/template.yml` };
}

/** Pushed releases never had a document; one rolled back past the kept releases had its document pruned. */
function noStoredTemplate(app: string, service: string, pushed: boolean): SlipwayError {
  if (pushed) {
    return new SlipwayError(
      "not-from-template",
      `${app} was deployed by git push, so it has no stored template to add ${service} to`,
      {
        hint: `deploy it from a template once (slipway deploy stack.yml ${app}), or change slipway.yml in its repository`,
      },
    );
  }
  return new SlipwayError(
    "not-from-template",
    `${app} was rolled back to a template whose document was pruned (only the newest keepReleases templates keep theirs), so there is nothing to add ${service} to`,
    {
      hint: `deploy the whole template again (slipway deploy stack.yml ${app}); set_service works from then on`,
    },
  );
}

/** Without a repository there is nothing to build, so every service must name an image. */
function imageOnly(template: Template): Template {
  const built = template.services.filter((s) => s.image === undefined);
  if (built.length) {
    throw new SlipwayError(
      "needs-build",
      `${built.map((s) => s.name).join(", ")} would be built from a repository, and this deploy has none`,
      {
        hint: "give those services an `image:`, or push the repository with git instead",
      },
    );
  }
  return template;
}

/** Check the template here for quick, well-placed errors, then let slipwayd apply it and show its output. */
async function deployRemote(
  remote: string,
  token: unknown,
  app: string,
  source: { text: string; file: string },
): Promise<void> {
  const target = apiTarget(remote, typeof token === "string" ? token : process.env.SLIPWAY_TOKEN);
  imageOnly(loadTemplate(source.text, source.file));
  say.step(`Deploying ${app} on ${target.base.origin}`);
  const answer = (await callApi(target, "PUT", `/api/v1/deployments/${app}`, { template: source.text })) as {
    output?: string;
  };
  if (answer.output) process.stderr.write(`${answer.output}\n`);
}
