import type { Settings } from "../state/settings.js";

/** What every builder needs: where the tree is, and the tag and labels the image gets. */
export interface BuildContext {
  settings: Settings;
  app: string;
  sha: string;
  repoDir: string;
  release: number;
  tag: string;
  labels: Record<string, string>;
  /** Whose images, besides the app's own, the caller may build from. */
  mayUseImagesOf: (owner: string) => boolean;
}

/** Build output goes to the pusher as it arrives. */
export const toPusher = (text: string) => {
  process.stderr.write(text);
};
