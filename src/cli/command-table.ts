import type { Command } from "./command.js";
import { apiCommands } from "./commands/api.js";
import { appsCommands } from "./commands/apps.js";
import { appsCopyCommands } from "./commands/apps-copy.js";
import { configCommands } from "./commands/config.js";
import { cronCommands } from "./commands/cron.js";
import { deployCommands } from "./commands/deploy.js";
import { buildersCommands } from "./commands/builders.js";
import { authCommands } from "./commands/auth.js";
import { certsCommands } from "./commands/certs.js";
import { clusterCommands } from "./commands/cluster.js";
import { domainsCommands } from "./commands/domains.js";
import { gitCommands } from "./commands/git.js";
import { keysCommands } from "./commands/keys.js";
import { letsencryptCommands } from "./commands/letsencrypt.js";
import { logsCommands } from "./commands/logs.js";
import { notifyCommands } from "./commands/notify.js";
import { portsCommands } from "./commands/ports.js";
import { previewsCommands } from "./commands/previews.js";
import { psCommands } from "./commands/ps.js";
import { psLifecycleCommands } from "./commands/ps-lifecycle.js";
import { releasesCommands } from "./commands/releases.js";
import { runCommands } from "./commands/run.js";
import { statusCommands } from "./commands/status.js";
import { pruneCommands } from "./commands/prune.js";
import { supervisorCommands } from "./commands/supervisor.js";
import { schedulerCommands } from "./commands/scheduler.js";
import { tokensCommands } from "./commands/tokens.js";
import { backupsCommands } from "./commands/backups.js";

/** Every command users run (locally, and over SSH where `remote`); internal ones are added in main.ts. */
export const publicCommands: Command[] = [
  ...appsCommands,
  ...appsCopyCommands,
  ...deployCommands,
  ...configCommands,
  ...releasesCommands,
  ...psCommands,
  ...psLifecycleCommands,
  ...logsCommands,
  ...gitCommands,
  ...domainsCommands,
  ...certsCommands,
  ...letsencryptCommands,
  ...authCommands,
  ...keysCommands,
  ...tokensCommands,
  ...buildersCommands,
  ...runCommands,
  ...cronCommands,
  ...supervisorCommands,
  ...schedulerCommands,
  ...portsCommands,
  ...apiCommands,
  ...previewsCommands,
  ...statusCommands,
  ...backupsCommands,
  ...clusterCommands,
  ...pruneCommands,
  ...notifyCommands,
];
