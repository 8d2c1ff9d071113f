import { test } from "node:test";
import assert from "node:assert/strict";
import { nameCovers, parseDomain, parseDomainPattern } from "../../../src/proxy/domain.js";

const refused = { name: "SlipwayError", code: "domain" };

test("accepts hostnames, lowercasing and dropping one trailing dot", () => {
  assert.equal(parseDomain("example.org"), "example.org");
  assert.equal(parseDomain("App-1.Example.TEST."), "app-1.example.test");
  assert.equal(parseDomain("localhost"), "localhost");
});

test("IDN becomes punycode", () => {
  assert.equal(parseDomain("bücher.example"), "xn--bcher-kva.example");
  assert.equal(parseDomain("BÜCHER.example"), "xn--bcher-kva.example");
});

test("refuses anything nginx could read as syntax", () => {
  const bad = [
    "a.test; include /etc/passwd",
    "a.test\nserver {",
    "$host",
    "a test",
    "'a.test'",
    '"a.test"',
    "a{b}.test",
    "a\\b.test",
    "a.test\t",
  ];
  for (const raw of bad) assert.throws(() => parseDomain(raw), refused, JSON.stringify(raw));
});

test("refuses malformed labels and lengths", () => {
  const bad = [
    "",
    ".",
    "a..b",
    "-a.test",
    "a-.test",
    "a_b.test",
    "*.a.test",
    "a.test:80",
    "user@a.test",
    "a".repeat(64) + ".test",
    `${"a".repeat(60)}.`.repeat(5) + "test",
  ];
  for (const raw of bad) assert.throws(() => parseDomain(raw), refused, JSON.stringify(raw));
  assert.equal(parseDomain("a".repeat(63) + ".test"), "a".repeat(63) + ".test");
});

// domainToASCII parses a URL host, so it stops at "/", "?" and "#" and returns only what came before.
test("refuses a hostname followed by a path, query or fragment instead of truncating it", () => {
  for (const raw of ["example.com/admin", "a/b", "a.test?x=1", "a.test#frag"]) {
    assert.throws(() => parseDomain(raw), refused, JSON.stringify(raw));
  }
});

test("wildcard patterns: one leading *. over at least two labels", () => {
  assert.equal(parseDomainPattern("*.Example.org"), "*.example.org");
  assert.equal(parseDomainPattern("plain.example.org"), "plain.example.org");
  for (const raw of [
    "*.org",
    "*",
    "a.*.org",
    "**.a.org",
    "*a.org",
    "*.a.test; include /etc/passwd",
    "*.$host",
  ]) {
    assert.throws(() => parseDomainPattern(raw), refused, JSON.stringify(raw));
  }
});

test("certificate names cover hosts: exact, or one label under a wildcard", () => {
  assert.ok(nameCovers("a.test", "a.test"));
  assert.ok(nameCovers("*.a.test", "x.a.test"));
  assert.ok(nameCovers("*.a.test", "*.a.test"));
  assert.ok(!nameCovers("*.a.test", "y.x.a.test"));
  assert.ok(!nameCovers("*.a.test", "a.test"));
  assert.ok(!nameCovers("x.a.test", "*.a.test"));
});
