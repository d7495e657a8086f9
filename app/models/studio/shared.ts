// What the studio's forms check in the browser as well as on the server: no server code here.

/** A lesson's identifier: the folder name without its NN- prefix, and the last part of the lesson's address. */
export const LESSON_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** The sha256 of a lesson file as the editor loaded it, or "none" for a language not written yet. */
export const BASE_HASH = /^(?:[0-9a-f]{64}|none)$/;
