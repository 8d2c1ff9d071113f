import { test } from "node:test";
import assert from "node:assert/strict";
import {
  renderSystemdUnit,
  systemdUnitName,
} from "../../../../src/engine/supervisors/render-systemd-unit.js";
import { renderUpstartJob, upstartJobName } from "../../../../src/engine/supervisors/render-upstart-job.js";
import { restartPolicyFor, type SupervisedJob } from "../../../../src/engine/supervisors/supervised-job.js";
import { parseSupervisor } from "../../../../src/state/supervisor-name.js";
import { checkUpstartJob } from "../../../support/upstart-grammar.js";

const job: SupervisedJob = {
  app: "myapp",
  service: "web",
  instance: 1,
  containerName: "slipway-myapp-web-7",
  stopTimeoutSeconds: 10,
  dockerBinary: "/usr/bin/docker",
};

test("the systemd unit runs the prepared container attached and stops it with docker stop", () => {
  const unit = renderSystemdUnit(job);
  assert.equal(systemdUnitName(job), "slipway-myapp-web-7.service");
  assert.match(unit, /^ExecStart=\/usr\/bin\/docker start -a slipway-myapp-web-7$/m);
  // Unless Docker has claimed the container back (supervisor:set docker): then only the client goes.
  const stop = `/bin/sh -c 'test "$$(/usr/bin/docker inspect -f {{.HostConfig.RestartPolicy.Name}} slipway-myapp-web-7)" = unless-stopped || exec /usr/bin/docker stop -t 10 slipway-myapp-web-7'`;
  assert.equal(/^ExecStop=(.*)$/m.exec(unit)?.[1], stop);
  assert.match(
    unit,
    /^KillSignal=SIGKILL$/m,
    "SIGKILL is the one signal `docker start -a` does not pass on to the container",
  );
  assert.match(unit, /^Restart=always$/m);
  assert.match(unit, /^TimeoutStopSec=20$/m, "systemd must not kill before docker stop's own timeout");
  assert.match(unit, /^WantedBy=multi-user.target$/m);
});

test("the upstart job respawns the attached container and stops it after the job", () => {
  const conf = renderUpstartJob(job);
  assert.equal(upstartJobName(job), "slipway-myapp-web-7.conf");
  assert.match(conf, /^exec \/usr\/bin\/docker start -a slipway-myapp-web-7$/m);
  assert.match(conf, /^start on started docker$/m);
  assert.match(conf, /^respawn$/m);
  assert.match(conf, /^kill signal SIGKILL$/m);
  assert.match(
    conf,
    /^post-stop script\n {2}\[ "\$\(\/usr\/bin\/docker inspect -f '\{\{\.HostConfig\.RestartPolicy\.Name\}\}' "\$SLIPWAY_CONTAINER" 2>\/dev\/null\)" = unless-stopped \] && exit 0\n {2}\/usr\/bin\/docker stop -t 10 "\$SLIPWAY_CONTAINER"/m,
  );
  assert.deepEqual(checkUpstartJob(conf), []);
});

test("values that could change a job file's meaning are refused", () => {
  for (const bad of [
    { containerName: "x\nExecStartPre=/bin/sh" },
    { containerName: "a b" },
    { app: "My%app" },
    { dockerBinary: "docker" },
    { service: "web;rm" },
    { stopTimeoutSeconds: -1 },
  ]) {
    assert.throws(() => renderSystemdUnit({ ...job, ...bad }), RangeError, JSON.stringify(bad));
    assert.throws(() => renderUpstartJob({ ...job, ...bad }), RangeError, JSON.stringify(bad));
  }
});

test("only the docker supervisor keeps Docker's restart policy", () => {
  assert.equal(restartPolicyFor("docker"), "unless-stopped");
  assert.equal(restartPolicyFor("systemd"), "no");
  assert.equal(restartPolicyFor("upstart"), "no");
  assert.equal(parseSupervisor("upstart"), "upstart");
  assert.throws(() => parseSupervisor("runit"), /unknown supervisor "runit"/);
});

test("the upstart grammar checker catches what a generator could get wrong", () => {
  const broken: Array<[string, RegExp]> = [
    ["exec /bin/true\npre-start script\n  echo\n", /no "end script"/],
    ["start on started and\nexec /bin/true\n", /incomplete/],
    ["start on (started docker\nexec /bin/true\n", /incomplete/],
    ["start docker\n", /needs "on EVENT"/],
    ["kill signal SIGBOGUS\n", /kill signal takes a signal name/],
    ["kill timeout soon\n", /kill timeout takes seconds/],
    ["respawn limit 10\n", /respawn takes/],
    ["env 1BAD=x\n", /env takes KEY/],
    ["description unquoted words\n", /quoted string/],
    ["exec /bin/a\nexec /bin/b\n", /a second exec\/script/],
    ["restart always\n", /unknown stanza "restart"/],
    ["end script\n", /without an open script block/],
  ];
  for (const [text, why] of broken) assert.match(checkUpstartJob(text).join("\n"), why, text);
  assert.deepEqual(
    checkUpstartJob(
      "start on (filesystem and net-device-up IFACE!=lo) or runlevel [2345]\nstop on runlevel [!2345]\nexpect fork\nkill signal 15\nrespawn limit unlimited\nexec /bin/true\n",
    ),
    [],
  );
});
