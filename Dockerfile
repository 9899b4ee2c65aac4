# One image for every role: `npm run server` or `npm run worker` (see docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
# Production: PUBLIC_URL must be set (the origin readers use), /metrics needs METRICS_TOKEN.
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
USER node
EXPOSE 3000
# node directly (not npm) so SIGTERM reaches Herald and shutdown is graceful.
CMD ["node", "--import", "tsx", "server/main.ts"]
