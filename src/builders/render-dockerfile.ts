import type { Platform } from "./detect-platform.js";

export interface DockerfilePlan {
  platform: Platform;
  baseImage: string;
  /** Top-level file names of the pushed tree. */
  files: readonly string[];
  webCommand: string;
  port: number;
}

export interface RenderedDockerfile {
  text: string;
  /** The dependency-install instruction, so the build output can tell whether its layer came from the cache. */
  installStep?: string;
}

/**
 * A Dockerfile for a detected platform. Dependency manifests are copied and installed before
 * the code, so a push that changes only code reuses the install layer.
 */
export function renderDockerfile(p: DockerfilePlan): RenderedDockerfile {
  const deps = dependencySteps(p.platform, p.files);
  const lines = [
    `FROM ${p.baseImage}`,
    "WORKDIR /app",
    `ENV PORT=${p.port}${p.platform === "node" ? " NODE_ENV=production NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false" : ""}`,
    ...deps.copy,
    ...(deps.install ? [deps.install] : []),
    "COPY . /app",
    ...(p.platform === "go" ? ["RUN CGO_ENABLED=0 go build -o /usr/local/bin/app ."] : []),
    `EXPOSE ${p.port}`,
    `CMD ${JSON.stringify(["/bin/sh", "-c", p.webCommand])}`,
  ];
  return { text: lines.join("\n") + "\n", installStep: deps.install };
}

function dependencySteps(platform: Platform, files: readonly string[]): { copy: string[]; install?: string } {
  const present = (names: string[]) => names.filter((n) => files.includes(n));
  if (platform === "node") {
    const lock = present(["package-lock.json", "npm-shrinkwrap.json"]);
    const install = lock.length ? "RUN npm ci --omit=dev" : "RUN npm install --omit=dev";
    return { copy: [copyLine(["package.json", ...lock])], install };
  }
  if (platform === "python")
    return {
      copy: [copyLine(["requirements.txt"])],
      install: "RUN pip install --no-cache-dir -r requirements.txt",
    };
  if (platform === "go")
    return { copy: [copyLine(["go.mod", ...present(["go.sum"])])], install: "RUN go mod download" };
  return { copy: [] };
}

function copyLine(files: string[]): string {
  return `COPY ${JSON.stringify([...files, "./"])}`;
}
