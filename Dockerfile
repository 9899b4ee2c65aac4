# One image for every role: `node dist/server/main.js` or `node dist/workers/main.js`
# (see docker-compose.yml). Built in two stages: the first compiles with the dev
# dependencies (npm run build), the second runs the compiled JavaScript on production
# dependencies alone: no TypeScript, no tsx, no sources.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# client-sdk/ is an npm workspace (@herald/client): its package.json is part of the install.
COPY package.json package-lock.json ./
COPY client-sdk/package.json ./client-sdk/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
# Production: PUBLIC_URL must be set (the origin readers use), /metrics needs METRICS_TOKEN.
ENV NODE_ENV=production
# The runtime needs no workspace: the SDK reaches it only as the bundles in dist/sdk/.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
# dist/ holds the compiled code, its Lua scripts and the widget bundles; bin/run-compiled.mjs
# is what `npm run token` (and server, worker) runs: in an image, dist/ as it is.
COPY --from=build /app/dist ./dist
COPY bin/run-compiled.mjs ./bin/run-compiled.mjs
USER node
EXPOSE 3000
# node directly (not npm) so SIGTERM reaches Herald and shutdown is graceful.
CMD ["node", "dist/server/main.js"]
