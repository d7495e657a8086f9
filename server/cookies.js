// Cookie names that both server.js and the app read.
/** The session cookie (app/utils/session.server.ts): a request that carries one is a signed-in visitor's. */
export const SESSION_COOKIE = "tamkeen_session";
