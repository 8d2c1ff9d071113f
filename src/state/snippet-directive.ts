/** One directive from a repo's nginx snippet, as re-rendered inside the app's `location /`; kept with the routes. */
export interface SnippetDirective {
  file: string;
  name: string;
  args: string[];
}
