import { test } from "node:test";
import assert from "node:assert/strict";
import { interpolate, referencedNames } from "../../../src/template/interpolate.js";

const vars = { POSTGRES_HOST: "postgres", EMPTY: "", SLIPWAY_DEPLOYMENT: "myapp-staging" };

test("${VAR} takes the variable's value, as often as it appears", () => {
  assert.deepEqual(interpolate("postgres://app@${POSTGRES_HOST}/app", vars), {
    value: "postgres://app@postgres/app",
    missing: [],
  });
  assert.deepEqual(interpolate("${SLIPWAY_DEPLOYMENT}-${SLIPWAY_DEPLOYMENT}", vars), {
    value: "myapp-staging-myapp-staging",
    missing: [],
  });
});

test("${VAR:-default} uses the default only when the variable is not set", () => {
  assert.deepEqual(interpolate("${CACHE_HOST:-localhost}", vars), { value: "localhost", missing: [] });
  assert.deepEqual(interpolate("${POSTGRES_HOST:-localhost}", vars), { value: "postgres", missing: [] });
  assert.deepEqual(
    interpolate("[${NOPE:-}]", vars),
    { value: "[]", missing: [] },
    "an empty default is allowed",
  );
  assert.deepEqual(interpolate("${NOPE:-a b=c 'd'}", vars), { value: "a b=c 'd'", missing: [] });
});

test("a variable set to the empty string is set: no default, no problem", () => {
  assert.deepEqual(interpolate("[${EMPTY}]", vars), { value: "[]", missing: [] });
  assert.deepEqual(interpolate("[${EMPTY:-fallback}]", vars), { value: "[]", missing: [] });
});

test("an undefined variable without a default is reported, every one of them", () => {
  assert.deepEqual(interpolate("${A}:${POSTGRES_HOST}:${B}", vars).missing, ["A", "B"]);
  assert.deepEqual(interpolate("${A}", {}).missing, ["A"]);
});

test("$${ is a literal ${ and is never expanded or reported", () => {
  assert.deepEqual(interpolate("$${POSTGRES_HOST}", vars), { value: "${POSTGRES_HOST}", missing: [] });
  assert.deepEqual(interpolate("$${UNDEFINED}", vars), { value: "${UNDEFINED}", missing: [] });
  assert.deepEqual(interpolate("$${A:-b} ${POSTGRES_HOST}", vars), {
    value: "${A:-b} postgres",
    missing: [],
  });
});

test("a bare $VAR is expanded like ${VAR}, as compose does; $$ is a literal $", () => {
  assert.deepEqual(interpolate("$POSTGRES_HOST:5432", vars), { value: "postgres:5432", missing: [] });
  assert.deepEqual(interpolate("--level=$LOG_LEVEL", vars), { value: "--level=", missing: ["LOG_LEVEL"] });
  assert.deepEqual(interpolate("$$HOME costs $$5", vars), { value: "$HOME costs $5", missing: [] });
  assert.deepEqual(referencedNames("$A ${B} $$C $${D}"), ["A", "B"]);
});

test("$(...), backticks and other dollars are left for the container's shell", () => {
  for (const v of ["$(cat /etc/passwd)", "`id`", "$", "100$", "${", "${}", "${1BAD}", "${A-b}", "$1"]) {
    assert.deepEqual(interpolate(v, vars), { value: v, missing: [] }, v);
  }
});

test("substituted values are inserted verbatim and never expanded again", () => {
  const hostile = { Q: `a "quoted" 'value'\nsecond line\t$(rm -rf /) \${POSTGRES_HOST} $HOME \\ =` };
  assert.deepEqual(interpolate("x=${Q}", { ...vars, ...hostile }), { value: `x=${hostile.Q}`, missing: [] });
  assert.deepEqual(interpolate("${Q}", { Q: "$${X}" }), { value: "$${X}", missing: [] });
});

test("names from the object prototype are not variables", () => {
  assert.deepEqual(interpolate("${constructor}", {}), { value: "", missing: ["constructor"] });
  assert.deepEqual(interpolate("${toString:-x}", {}), { value: "x", missing: [] });
});

test("referencedNames lists the variables a value uses, not the escaped ones", () => {
  assert.deepEqual(
    referencedNames("postgres://${DB_USER}:${DB_PASS:-x}@${POSTGRES_HOST}/$${LITERAL} $BARE"),
    ["DB_USER", "DB_PASS", "POSTGRES_HOST", "BARE"],
  );
  assert.deepEqual(referencedNames("no variables here"), []);
});
