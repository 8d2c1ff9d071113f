import assert from "node:assert/strict";
import { test } from "node:test";
import { misplacedListener, parseListeners } from "../../../src/engine/listening-sockets.js";

const tcp = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
   1: 00000000:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0 100 0 0 10 0
   2: 0200A8C0:1388 0300A8C0:D431 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0 100 0 0 10 0
`;
const tcp6 = `  sl  local_address                         remote_address                        st
   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A
   1: 0000000000000000FFFF00000100007F:0050 00000000000000000000000000000000:0000 0A
`;

test("LISTEN rows only, with addresses decoded", () => {
  assert.deepEqual(parseListeners(tcp), [
    { address: "127.0.0.1", port: 8081, loopback: true },
    { address: "0.0.0.0", port: 5000, loopback: false },
  ]);
  assert.deepEqual(parseListeners(tcp6), [
    { address: "::1", port: 8080, loopback: true },
    { address: "127.0.0.1", port: 80, loopback: true },
  ]);
});

test("misplaced: loopback on the right port, else another port; nothing when the port is open to all", () => {
  const l = (address: string, port: number) => ({
    address,
    port,
    loopback: address.startsWith("127.") || address === "::1",
  });
  assert.equal(misplacedListener([l("0.0.0.0", 5000), l("127.0.0.1", 9000)], 5000), undefined);
  assert.deepEqual(misplacedListener([l("0.0.0.0", 9000), l("127.0.0.1", 5000)], 5000), l("127.0.0.1", 5000));
  assert.deepEqual(misplacedListener([l("127.0.0.1", 8081)], 5000), l("127.0.0.1", 8081));
  assert.deepEqual(misplacedListener([l("::", 8081)], 5000), l("::", 8081));
  assert.equal(misplacedListener([], 5000), undefined);
});

test("Docker's embedded DNS on 127.0.0.11 is not the app listening in the wrong place", () => {
  const dns = { address: "127.0.0.11", port: 40321, loopback: true };
  assert.equal(misplacedListener([dns], 5000), undefined, "an app still starting is not misplaced");
  const wrong = { address: "127.0.0.1", port: 8081, loopback: true };
  assert.deepEqual(misplacedListener([dns, wrong], 5000), wrong);
});
