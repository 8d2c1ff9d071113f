import fs from "node:fs";
import { SlipwayError, usageError } from "../../errors.js";
import { parseAppName } from "../../git/app-name.js";
import { applyRelease, checkTemplateEnv, nextReleaseNumber } from "../../runtime/apply-release.js";
import { actor } from "../../state/app-lock.js";
import { withAppSession } from "../../runtime/app-session.js";
import { loadTemplate } from "../../template/load-template.js";
import type { Template } from "../../template/template.js";
import { say } from "../output.js";
import { readStdin, type Command } from "../command.js";

export const deployCommands: Command[] = [
  {
    name: "deploy",
    usage: "deploy TEMPLATE.yml|- NAME",
    summary: "roll out a template of image: services as deployment NAME, without git (- reads it from stdin)",
    remote: true,
    async run({ args, settings, remote }) {
      if (args.length !== 2) throw usageError("deploy takes a template file and a deployment NAME", "slipway deploy stack.yml mystack-staging");
      const [file, name] = args;
      const app = parseAppName(name);
      if (remote && file !== "-") throw usageError("over SSH the template comes on stdin", `ssh git@host deploy - ${app} < ${file}`);
      const template = imageOnly(loadTemplate(file === "-" ? await readStdin() : readFile(file), file === "-" ? "template" : file));
      checkTemplateEnv(app, template);
      await withAppSession(settings, app, async () => {
        const release = await applyRelease(settings, { app, number: nextReleaseNumber(app), template, images: {}, cause: "deploy", pushedBy: actor() });
        say.step(`Deployed ${app} release ${release.number}`);
      });
    },
  },
];

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new SlipwayError("no-template", `cannot read ${file}: ${(err as NodeJS.ErrnoException).code}`, { hint: "give the path of a slipway.yml-style template", cause: err });
  }
}

/** Without a repository there is nothing to build, so every service must name an image. */
function imageOnly(template: Template): Template {
  const built = template.services.filter((s) => s.image === undefined);
  if (built.length) {
    throw new SlipwayError("needs-build", `${built.map((s) => s.name).join(", ")} would be built from a repository, and this deploy has none`, {
      hint: "give those services an `image:`, or push the repository with git instead",
    });
  }
  return template;
}
