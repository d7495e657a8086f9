/**
 * Routes that need the framework in the browser say so with `handle = { hydrate: true }` (staff pages); others are
 * documents. The deepest route that says either decides, so a staff report can be a document inside a hydrated layout.
 * The document (root.tsx) and the response headers (entry.server.tsx: CSP, first-visit stylesheet) both ask here.
 */
export type RouteHandle = {
  hydrate?: boolean;
  /**
   * For a visitor who is not signed in, the document depends on nothing but its URL, the language and the cookies the
   * visitor sends (no data from the database, no per-response token): the server may keep it (server/document-cache.js).
   */
  sameForEveryVisitor?: boolean;
};

export function shouldHydrate(handles: readonly unknown[]): boolean {
  for (let i = handles.length - 1; i >= 0; i--) {
    const hydrate = (handles[i] as RouteHandle | undefined)?.hydrate;
    if (typeof hydrate === "boolean") return hydrate;
  }
  return false;
}

/** Whether the page's own route (the deepest) says its document is the same for every visitor not signed in. */
export function isSameForEveryVisitor(handles: readonly unknown[]): boolean {
  return (handles[handles.length - 1] as RouteHandle | undefined)?.sameForEveryVisitor === true;
}
