// Import boundaries, checked by dependency-cruiser in `npm run lint` (see docs/architecture.md,
// "Code layout and boundaries"). The folders follow the data flow: server/http validates and
// enqueues (queue/), workers/ apply to the log (article-log/) and publish (publish/) to
// server/realtime, which fans out to client-sdk/; webhooks/ is a side branch of the workers.
// protocol/ is the contract under all of it, platform/ the plumbing beside it, bin/ and bench/
// sit on top, test/ outside. Every rule below forbids one arrow, and says why.

/** Every top-level folder of the project (the path of a project file that is not a package). */
const PROJECT =
  "^(protocol|client-sdk|editor-console|server|workers|article-log|queue|publish|webhooks|platform|bin|bench|test)/";
/** What ships and runs for users (bin/ holds entry points too, but also dev tools). */
const PRODUCTION =
  "^(protocol|client-sdk|editor-console|server|workers|article-log|queue|publish|webhooks|platform)/";
/** Code bundled for browsers. */
const BROWSER = "^(client-sdk|editor-console)/";
/** The React binding, `@herald/client/react`: the only code that may import React. */
const REACT_BINDING = "^client-sdk/react/";
/** The steps of the pipeline both processes use. */
const STEPS = "^(article-log|queue|publish|webhooks)/";

/** @type {import("dependency-cruiser").IConfiguration} */
export default {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment:
        "No import loops, anywhere (type-only imports included): a loop has no first file to read, " +
        "and whichever module loads first sees the other half undefined.",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-unresolvable",
      severity: "error",
      comment: "An import that resolves to nothing is a typo, or a file moved without its importers.",
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: "protocol-imports-no-project-code",
      severity: "error",
      comment:
        "protocol/ is the contract both sides compile against, in browsers and in Node: it imports " +
        "only itself and packages (zod), never the code that implements it.",
      from: { path: "^protocol/" },
      to: { path: PROJECT, pathNot: "^protocol/" },
    },
    {
      name: "isomorphic-code-imports-no-node-builtins",
      severity: "error",
      comment: "protocol/, client-sdk/ and editor-console/ run in browsers: no node:* module exists there.",
      from: { path: "^(protocol|client-sdk|editor-console)/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "browser-code-imports-no-node-code",
      severity: "error",
      comment:
        "client-sdk/ and editor-console/ are bundled for browsers: they use protocol/ and the SDK, " +
        "never server, worker, pipeline or plumbing code, nor tools and tests.",
      from: { path: BROWSER },
      to: { path: PROJECT, pathNot: "^(protocol|client-sdk|editor-console)/" },
    },
    {
      name: "browser-code-packages",
      severity: "error",
      comment:
        "The only package the browser bundles carry is socket.io-client: anything else would be " +
        "Node-only or grow the 30 KB widget budget; add it here deliberately if ever needed. " +
        "The React binding is not in any bundle the server serves (react-binding-packages).",
      from: { path: BROWSER, pathNot: REACT_BINDING },
      to: { path: "node_modules/", pathNot: "node_modules/socket\\.io-client/" },
    },
    {
      name: "react-binding-packages",
      severity: "error",
      comment:
        "client-sdk/react/ imports react (the app's copy: an optional peer dependency of the " +
        "package) and nothing else; not react-dom either, since the app picks the renderer, and " +
        "socket.io-client only through the SDK.",
      from: { path: REACT_BINDING },
      to: { path: "node_modules/", pathNot: "node_modules/react/" },
    },
    {
      name: "react-only-in-binding",
      severity: "error",
      comment:
        "React is optional for @herald/client: only its ./react entry may import it, so the " +
        "headless client, the ticker and the script-tag bundle work without it (tests render with it).",
      from: { path: PROJECT, pathNot: "^(client-sdk/react|test)/" },
      to: { path: "node_modules/(react|react-dom)/" },
    },
    {
      name: "react-binding-uses-public-sdk",
      severity: "error",
      comment:
        "The React binding is built on the SDK's public entries only (client-sdk/index.ts, " +
        "client-sdk/ticker/index.ts), as a site's own binding would be: the SDK's insides can " +
        "change without breaking it, and the package's built entries import each other only there.",
      from: { path: REACT_BINDING },
      to: { path: "^(client-sdk|protocol)/", pathNot: "^client-sdk/(react/|index\\.ts$|ticker/index\\.ts$)" },
    },
    {
      name: "sdk-imports-no-react-binding",
      severity: "error",
      comment: "The binding is built on the headless client and the ticker, never the other way round.",
      from: { path: "^client-sdk/", pathNot: REACT_BINDING },
      to: { path: REACT_BINDING },
    },
    {
      name: "sdk-imports-no-console",
      severity: "error",
      comment: "editor-console/ is built on client-sdk/, not the other way round.",
      from: { path: "^client-sdk/" },
      to: { path: "^editor-console/" },
    },
    {
      name: "headless-client-imports-no-ticker",
      severity: "error",
      comment:
        "The headless client (client-sdk/*.ts) is the SDK's root; the ticker (client-sdk/ticker/) " +
        "is built on it and never the reverse.",
      from: { path: "^client-sdk/[^/]+$" },
      to: { path: "^client-sdk/ticker/" },
    },
    {
      name: "ticker-uses-public-client-api",
      severity: "error",
      comment:
        "The ticker uses only what client-sdk/index.ts exports (HeraldClient, EntryStore and the " +
        "types), so a site can build a ticker of its own the same way.",
      from: { path: "^client-sdk/ticker/" },
      to: { pathNot: "^client-sdk/(ticker/|index\\.ts$|herald-client\\.ts$|entry-store\\.ts$|types\\.ts$)" },
    },
    {
      name: "platform-imports-no-feature",
      severity: "error",
      comment:
        "platform/ is plumbing (config, logging, Redis, metrics, shutdown) for every Node folder; " +
        "it imports only protocol/ and itself.",
      from: { path: "^platform/" },
      to: { path: PROJECT, pathNot: "^(platform|protocol)/" },
    },
    {
      name: "steps-import-no-process",
      severity: "error",
      comment:
        "article-log/, queue/, publish/ and webhooks/ are the pipeline's steps, used by both the " +
        "server and the workers: they never import either process, nor browser code.",
      from: { path: STEPS },
      to: { path: "^(server|workers|client-sdk|editor-console)/" },
    },
    {
      name: "log-imports-no-other-step",
      severity: "error",
      comment: "article-log/ is what the other steps write to and read from; it knows none of them.",
      from: { path: "^article-log/" },
      to: { path: "^(queue|publish|webhooks)/" },
    },
    {
      name: "queue-imports-no-consumer",
      severity: "error",
      comment:
        "queue/ carries operations to the workers; the steps that act on them (publish/, webhooks/) " +
        "come after it in the flow.",
      from: { path: "^queue/" },
      to: { path: "^(publish|webhooks)/" },
    },
    {
      name: "server-layers",
      severity: "error",
      comment:
        "server/ (HTTP API, sockets, widget) uses protocol/, platform/, the steps and editor-console/; " +
        "never workers/ (a separate process), nor tools and tests.",
      from: { path: "^server/" },
      to: {
        path: PROJECT,
        pathNot: "^(server|protocol|platform|article-log|queue|publish|webhooks|editor-console|client-sdk)/",
      },
    },
    {
      name: "server-writes-no-log",
      severity: "error",
      comment:
        "One write path: the HTTP layer validates, authorises and enqueues, or calls publish/'s one " +
        "apply-and-publish step; it only ever reads the log (article-log/read).",
      from: { path: "^server/" },
      to: { path: "^article-log/write" },
    },
    {
      name: "server-bundles-sdk-only-in-widget",
      severity: "error",
      comment:
        "The server ships client-sdk/ as bundles built in server/widget/; no other server code " +
        "runs browser code.",
      from: { path: "^server/", pathNot: "^server/widget/" },
      to: { path: "^client-sdk/" },
    },
    {
      name: "workers-layers",
      severity: "error",
      comment:
        "workers/ use protocol/, platform/ and the steps; never server/ (a separate process), " +
        "browser code, tools or tests.",
      from: { path: "^workers/" },
      to: { path: PROJECT, pathNot: "^(workers|protocol|platform|article-log|queue|publish|webhooks)/" },
    },
    {
      name: "production-imports-no-tools",
      severity: "error",
      comment: "bin/ (entry points, dev tools) and bench/ sit on top: no production folder imports them.",
      from: { path: PRODUCTION },
      to: { path: "^(bin|bench)/" },
    },
    {
      name: "production-imports-no-tests",
      severity: "error",
      comment:
        "test/ is not shipped: no production folder imports it (test-only code lives in test/helpers/).",
      from: { path: PRODUCTION },
      to: { path: "^test/" },
    },
    {
      name: "bin-imports-no-tests-or-bench",
      severity: "error",
      comment:
        "bin/ holds the entry points that ship (start, token, cluster, build); tests and the bench are not shipped.",
      from: { path: "^bin/" },
      to: { path: "^(test|bench)/" },
    },
    {
      name: "production-uses-no-dev-packages",
      severity: "error",
      comment:
        "The image installs with `npm ci --omit=dev`: production code may not need a devDependency " +
        "at run time (type-only imports are erased, so they may). One exception: the widget bundles' " +
        "in-memory build imports esbuild on demand, only in a source tree (from source, or a compiled " +
        "server whose dist/sdk is missing); the image serves the prebuilt bundles and has no sources. " +
        "A peer dependency (react, for the React binding) is the installing app's, so it is a " +
        "devDependency only for our own tests.",
      from: { path: PRODUCTION },
      to: {
        dependencyTypes: ["npm-dev"],
        dependencyTypesNot: ["type-only", "npm-peer"],
        pathNot: "node_modules/esbuild/",
      },
    },
    {
      name: "no-orphans",
      severity: "error",
      comment:
        "A production file nothing imports and that imports nothing is dead code, or a forgotten entry point.",
      from: { orphan: true, path: PRODUCTION, pathNot: "\\.d\\.ts$" },
      to: {},
    },
  ],
  options: {
    // Unanchored: a node_modules reached through a symlink resolves outside the project.
    doNotFollow: { path: "node_modules/" },
    exclude: { path: "^(dist|dist\\.[^/]+|client-sdk/dist|coverage|\\.herald|bench/results)/" },
    // Type-only imports count: a loop through types is still a loop for the reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
