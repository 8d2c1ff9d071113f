import type { AppSnapshot, FileWrite, ImageFact, Migration } from "./migration.js";

/** The first Slipway's live release: one web container, and no release records of its own. */
interface FoundationRelease {
  number: number;
  sha?: string;
  image: string;
  containerId: string;
  containerName?: string;
  port?: number;
  hostPort?: number;
  deployedAt: string;
  pushedBy?: string;
}

const WEB = { name: "web", build: ".", ports: [], env: {}, volumes: {}, publish: {}, dependsOn: [] };

/**
 * Version 1: the foundation (56acd65) kept only `current` in app.json. Its live release becomes a
 * one-service release with its container kept, and every earlier release whose image is still there
 * gets a record, so `releases` lists them and `rollback` can go back to them.
 */
export const keepFoundationReleases: Migration = {
  version: 1,
  summary: "release records for releases deployed by the first Slipway (before 2026-11-22)",
  migrateApp(app: AppSnapshot): FileWrite[] {
    const current = app.record.current as Record<string, unknown> | undefined;
    if (!current) return [];
    if (typeof current.containerId !== "string") return recordLive(app, current);
    const old = current as unknown as FoundationRelease;
    const live = release(old.number, old.image, old, [
      { id: old.containerId, name: old.containerName ?? old.containerId, hostPort: old.hostPort },
    ]);
    const routes = app.record.routes ?? {
      release: old.number,
      services: { web: old.hostPort ? [old.hostPort] : [] },
      defaultService: "web",
    };
    const earlier = app.images
      .filter((img) => img.release < old.number && !app.releases[img.release])
      .map((img) => earlierRelease(img, old));
    return [
      ...earlier.map((r) => ({ file: `releases/${r.number}.json`, json: r })),
      ...(app.releases[old.number] ? [] : [{ file: `releases/${old.number}.json`, json: live }]),
      { file: "app.json", json: { ...app.record, current: live, routes } },
    ];
  },
};

/** A later format always saved the live release's record too; one lost to a crash is written again. */
function recordLive(app: AppSnapshot, current: Record<string, unknown>): FileWrite[] {
  const n = current.number as number;
  return app.releases[n] ? [] : [{ file: `releases/${n}.json`, json: current }];
}

function earlierRelease(img: ImageFact, live: FoundationRelease): Record<string, unknown> {
  return release(img.release, img.ref, { sha: img.sha, deployedAt: img.createdAt, port: live.port }, []);
}

function release(
  number: number,
  image: string,
  from: { sha?: string; deployedAt: string; pushedBy?: string; port?: number },
  containers: { id: string; name: string; hostPort?: number }[],
): Record<string, unknown> {
  const web = {
    specHash: "",
    envHash: "",
    imageId: "",
    image,
    containers,
    port: from.port ?? 5000,
    publish: {},
  };
  return {
    number,
    ...(from.sha ? { sha: from.sha } : {}),
    deployedAt: from.deployedAt,
    ...(from.pushedBy ? { pushedBy: from.pushedBy } : {}),
    cause: "push",
    template: { services: [WEB], cron: [], source: "Dockerfile" },
    images: { ".": image },
    config: { names: [], hash: "" },
    services: { web },
  };
}
