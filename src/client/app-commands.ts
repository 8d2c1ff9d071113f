/**
 * Commands whose first argument is APP (or [APP]): the client puts the remote's app there, so
 * `slipway logs -f` goes out as `logs APP -f`. A unit test checks this against the command table.
 */
export const APP_COMMANDS: ReadonlySet<string> = new Set([
  "apps:create", "apps:destroy", "auth:set", "auth:remove", "builder:set", "deploy:image", "certs:add", "certs:remove",
  "certs:report", "config", "config:get", "config:set", "config:unset", "cron:list", "cron:run",
  "domains:add", "domains:remove", "domains:set", "domains:list", "git:set-branch", "letsencrypt:enable",
  "logs", "ps:report", "ports:report", "ps:scale", "ps:restart", "releases", "rollback", "run",
  "run:detached", "enter", "ps:stop", "ps:start", "ps:rebuild",
]);
