import { test } from "node:test";
import assert from "node:assert/strict";
import { findRemoteAdds, refuseRemoteAdd } from "../../../src/builders/refuse-remote-add.js";
import { dockerfileInstructions } from "../../../src/builders/dockerfile-instructions.js";

const lines = (df: string) => findRemoteAdds(df).map((a) => a.line);

test("instructions join continuations raw, drop comments and blank lines inside them, and honour escape", () => {
  const df = "# escape=`\nFROM x\nRUN a `\n# note\n\n  b\nAD`\nD http://h/ /x\n";
  assert.deepEqual(
    dockerfileInstructions(df).map((i) => [i.line, i.keyword, i.args]),
    [
      [2, "FROM", "x"],
      [3, "RUN", "a   b"],
      [7, "ADD", "http://h/ /x"],
    ],
  );
  assert.deepEqual(
    dockerfileInstructions("FROM x\r\nRUN a \\ \r\n b\r\n").map((i) => i.args),
    ["x", "a  b"],
  );
});

test("every way of writing an ADD with a URL is found, with its line", () => {
  const hostile: [string, number][] = [
    ["FROM x\nADD http://127.0.0.1:7701/ /x\n", 2],
    ["FROM x\nadd https://127.0.0.1/ /x\n", 2],
    ["FROM x\nAdd --chown=1:1 HTTP://127.0.0.1/ /x\n", 2],
    ["FROM x\nADD ./ok http://127.0.0.1/ /dir/\n", 2],
    ["FROM x\nADD git@example.org:a/b.git /src\n", 2],
    ["FROM x\nA\\\nDD http://127.0.0.1/ /x\n", 2],
    ["FROM x\nADD \\\n  # comment\n  http://127.0.0.1/ /x\n", 2],
    ["# escape=`\nFROM x\nADD `\n http://127.0.0.1/ /x\n", 3],
    ['FROM x\nADD ["http://127.0.0.1/", "/x"]\n', 2],
    ['FROM x\nADD ["\\u0068ttp://127.0.0.1/", "/x"]\n', 2],
    ["FROM x\nARG U=http://127.0.0.1:7701/\nADD ${U} /x\n", 3],
    ["FROM x\nADD $U /x\n", 2],
    ['FROM x\nADD "http"://127.0.0.1/ /x\n', 2],
    ["FROM x\nADD h\\ttp://127.0.0.1/ /x\n", 2],
    ["FROM x\nONBUILD ADD http://127.0.0.1/ /x\n", 2],
    ["\uFEFFFROM x\n  ADD http://127.0.0.1/ /x\n", 2],
    ["FROM x\nRUN cat <<EOF\nADD http://127.0.0.1/ /x\nEOF\n", 3],
  ];
  for (const [df, line] of hostile) assert.deepEqual(lines(df), [line], JSON.stringify(df));
});

test("local ADD, COPY, and URLs outside ADD are fine", () => {
  const df =
    "FROM x\nADD app.tgz /app\nADD --chown=1:1 a b /dir/\nADD . $APP_HOME\nCOPY x /y\n" +
    "RUN wget -O /x http://example.org/ && git remote add o https://example.org/r.git\n# ADD http://x/ /y\n";
  assert.deepEqual(findRemoteAdds(df), []);
});

test("the refusal names the file, the line and the way round it", () => {
  assert.throws(
    () =>
      refuseRemoteAdd(
        "FROM x\nRUN true\nADD http://127.0.0.1:7701/ /x\nADD https://a/ /b\n",
        "api/Dockerfile",
      ),
    (err: Error & { hint?: string }) => {
      assert.match(
        err.message,
        /^api\/Dockerfile line 3: ADD http:\/\/127\.0\.0\.1:7701\/ \(and 1 more\) is refused/,
      );
      assert.match(err.hint ?? "", /RUN wget/);
      return true;
    },
  );
  assert.doesNotThrow(() => refuseRemoteAdd("FROM x\nADD a /b\n", "Dockerfile"));
});
