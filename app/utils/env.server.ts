export { env } from "../../server/env.js";
