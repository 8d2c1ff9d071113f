import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BASE_IMAGE, buildTestImageFromTar, engine, ensureBaseImage } from "./base-image.js";
import { run } from "./harness.js";

// Tree as tar on stdin, with `-`; slug (tgz) on stdout; log on stderr; cache at /tmp/cache.
const BUILDER_SCRIPT = `#!/bin/sh
set -e
[ "$1" = "-" ] || { echo "usage: builder -  (tree on stdin, slug on stdout)" >&2; exit 2; }
mkdir -p /tmp/build && tar -x -C /tmp/build
echo "-----> Stand-in buildpack: compiling" >&2
builds=$(cat /tmp/cache/builds 2>/dev/null || echo 0)
echo "       cache holds $builds earlier build(s)" >&2
echo $((builds + 1)) > /tmp/cache/builds
[ -f /tmp/build/Procfile ] || { echo "       no Procfile; nothing to run" >&2; exit 1; }
if [ -f /tmp/build/slow-build ]; then sleep 3; fi
echo "       compiled" >&2
tar -cz -C /tmp/build .
`;

// slugrunner: the slug is at /app; \`start TYPE\` runs that Procfile type.
const RUNNER_SCRIPT = `#!/bin/sh
cd /app
if [ "$1" = "start" ]; then
  line=$(sed -n "s/^$2:[[:space:]]*//p" Procfile | head -n 1)
  [ -n "$line" ] || { echo "no process type $2 in the Procfile" >&2; exit 1; }
  exec sh -c "$line"
fi
exec "$@"
`;

const NODE_LIBS_DOCKERFILE = `FROM ${BASE_IMAGE}
COPY . /
RUN printf '#!/bin/sh\\nexec /usr/bin/node /usr/lib/node_modules/npm/bin/npm-cli.js "$@"\\n' > /usr/bin/npm && chmod 755 /usr/bin/npm && rm /Dockerfile && node --version && npm --version
`;

/** A tag naming what went into the image, so an image left by an older checkout is never taken for this one. */
function tagFor(name: string, ...contents: string[]): string {
  const hash = crypto.createHash("sha256").update(contents.join("\0")).digest("hex");
  return `slipway-test/${name}:${hash.slice(0, 12)}`;
}

/** Node from this machine (binary, its shared libraries, npm), on the busybox base: no registry needed. */
export const NODE_IMAGE = tagFor("node", process.version, NODE_LIBS_DOCKERFILE);
/** Stand-ins speaking the slugbuilder and slugrunner protocols; the real images are not exercised. */
export const SLUGBUILDER_IMAGE = tagFor("slugbuilder", BUILDER_SCRIPT);
export const SLUGRUNNER_IMAGE = tagFor("slugrunner", RUNNER_SCRIPT);

/** Build the three test builder images once; labelled like the base image, so the suite's cleanup removes them. */
export async function ensureBuilderImages(): Promise<void> {
  await ensureBaseImage();
  await ensureImage(SLUGBUILDER_IMAGE, {
    Dockerfile: `FROM ${BASE_IMAGE}\nCOPY builder /bin/builder\nENTRYPOINT ["/bin/builder"]\n`,
    builder: BUILDER_SCRIPT,
  });
  await ensureImage(SLUGRUNNER_IMAGE, {
    Dockerfile: `FROM ${BASE_IMAGE}\nCOPY init /runner/init\nENTRYPOINT ["/runner/init"]\n`,
    init: RUNNER_SCRIPT,
  });
  await ensureNodeImage();
}

async function ensureImage(
  tag: string,
  files: Record<string, string>,
  hostPaths: string[] = [],
): Promise<void> {
  if (
    await engine
      .getImage(tag)
      .inspect()
      .then(
        () => true,
        () => false,
      )
  )
    return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-builder-image-"));
  try {
    for (const [name, text] of Object.entries(files))
      fs.writeFileSync(path.join(dir, name), text, { mode: 0o755 });
    // -h stores what symlinks point at: the busybox base has none of the host's library layout.
    const fromHost = hostPaths.length ? ["-C", "/", ...hostPaths] : []; // a trailing bare -C makes tar fail
    await buildTestImageFromTar(tag, ["-h", "-C", dir, ...Object.keys(files), ...fromHost]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The node binary at `command -v node`, the libraries ldd lists for it, and npm's files. */
async function ensureNodeImage(): Promise<void> {
  const which = await run(["sh", "-c", "command -v node"]);
  const node = fs.realpathSync(which.stdout.trim());
  const ldd = await run(["ldd", node]);
  const libs = [...ldd.stdout.matchAll(/(\/\S+) \(0x/g)].map((m) => m[1]);
  const npm = path.resolve(path.dirname(fs.realpathSync(path.join(path.dirname(node), "npm"))), "..");
  const rel = (p: string) => path.relative("/", p);
  // The image keeps node at /usr/bin/node and npm under /usr/lib/node_modules, wherever the host has them.
  if (node !== "/usr/bin/node" || npm !== "/usr/lib/node_modules/npm")
    throw new Error(`expected Debian's node layout, found ${node} and ${npm}`);
  await ensureImage(NODE_IMAGE, { Dockerfile: NODE_LIBS_DOCKERFILE }, [
    rel(node),
    ...libs.map(rel),
    rel(npm),
  ]);
}
