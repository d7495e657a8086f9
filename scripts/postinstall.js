// Applies patches/ after `npm install`/`npm ci` (each patch says why in its own comments): route matching that reuses
// its ranked routes and matches (@remix-run/router), server routes and static data routes built once per build
// instead of once per request (@remix-run/react, react-router-dom), a hand-off stream encoded only when a hydrating
// page reads it (@remix-run/server-runtime), and React's upstream fix for NUL bytes in streamed multi-byte text
// (react-dom, facebook/react#26228).
// patch-package is a runtime dependency, so a production install (`npm ci --omit=dev`) applies them too: the react-dom
// one keeps Arabic text intact on streamed staff pages. Should it be missing all the same, the install goes on.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let bin;
try {
  bin = require.resolve("patch-package/index.js");
} catch {
  console.log("patch-package is not installed: patches/ not applied.");
  process.exit(0);
}
const result = spawnSync(process.execPath, [bin], { stdio: "inherit" });
process.exit(result.status ?? 1);
