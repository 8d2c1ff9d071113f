import { test } from "node:test";
import assert from "node:assert/strict";
import { parseProcNet, parseSshdPorts } from "../../../src/system/host-ports.js";

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
   1: 0100007F:1E1D 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0 100 0 0 10 0
   2: 0100007F:9C40 0100007F:1E1D 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0 100 0 0 10 0
`;
const TCP6 = `  sl  local_address                         remote_address                        st
   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000
`;
const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  1: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4 2 0 0
  2: 0100007F:A000 0100007F:0035 01 00000000:00000000 00:00000000 00000000     0        0 5 2 0 0
`;

test("listening TCP sockets and bound UDP sockets count; connections do not", () => {
  assert.deepEqual(parseProcNet(TCP, "tcp"), [8080, 7709]);
  assert.deepEqual(parseProcNet(TCP6, "tcp"), [22]);
  assert.deepEqual(parseProcNet(UDP, "udp"), [53]);
  assert.deepEqual(parseProcNet("", "tcp"), []);
});

test("sshd's ports come from Port and ListenAddress lines; none means 22", () => {
  assert.deepEqual(
    parseSshdPorts(
      "# Port 2200\nPort 2222\nport 2223\nListenAddress 0.0.0.0:2224\nListenAddress [::1]:2225\nListenAddress ::\n",
    ),
    [2222, 2223, 2224, 2225],
  );
  assert.deepEqual(parseSshdPorts("#Port 22\nPermitRootLogin no\n"), [22]);
});
