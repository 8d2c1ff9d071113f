/**
 * `location /` of a stopped app: nginx itself answers 503 naming the app, with the route marks so
 * routing can still be confirmed. `app` is a checked app name, safe inside nginx's quotes.
 */
export function renderStoppedLocation(app: string, marks: string): string {
  return `  location / {
    default_type text/plain;
${marks}    return 503 "${app} is stopped; \`ps:start ${app}\` starts it again.\\n";
  }
`;
}
