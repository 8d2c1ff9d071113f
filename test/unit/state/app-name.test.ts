import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAppName } from "../../../src/state/app-name.js";

test("accepts plain names and strips .git and a leading slash", () => {
  assert.equal(parseAppName("myapp"), "myapp");
  assert.equal(parseAppName("my-app-2"), "my-app-2");
  assert.equal(parseAppName("myapp.git"), "myapp");
  assert.equal(parseAppName("/myapp"), "myapp");
  assert.equal(parseAppName("/myapp.git"), "myapp");
  assert.equal(parseAppName("a" + "b".repeat(62)), "a" + "b".repeat(62));
});

test("refuses anything outside lowercase letters, digits and inner dashes", () => {
  const bad = [
    "MyApp",
    "../etc",
    "a/b",
    "-x",
    "x-",
    "a".repeat(64),
    "",
    ".git",
    "/",
    "a;rm",
    "a$(id)",
    "a b",
    "a`x`",
    "1abc",
    "my.app",
    "//myapp",
  ];
  for (const raw of bad) {
    assert.throws(() => parseAppName(raw), { name: "SlipwayError", code: "app-name" }, JSON.stringify(raw));
  }
});

test("the refusal names the input and says what is allowed", () => {
  assert.throws(
    () => parseAppName("../etc"),
    (e: any) => e.message.includes('"../etc"') && /lowercase/.test(e.hint),
  );
});
