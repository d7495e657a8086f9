import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as seen by server.js; used for login throttling. */
    clientIp: string;
  }
}

export {};
