/**
 * Routes that need the framework in the browser say so with `handle = { hydrate: true }` (staff pages); others are
 * documents. The deepest route that says either decides, so a staff report can be a document inside a hydrated layout.
 * The document (root.tsx) and the response headers (entry.server.tsx: CSP, first-visit stylesheet) both ask here.
 */
export type RouteHandle = { hydrate?: boolean };

export function shouldHydrate(handles: readonly unknown[]): boolean {
  for (let i = handles.length - 1; i >= 0; i--) {
    const hydrate = (handles[i] as RouteHandle | undefined)?.hydrate;
    if (typeof hydrate === "boolean") return hydrate;
  }
  return false;
}
