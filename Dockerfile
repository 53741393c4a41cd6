# Candor's image: the app and the worker run the same build, with different commands (compose.yaml).
# The same Node 24 LTS line the project pins (package.json optionalDependencies node-linux-*), so
# the container runs what the tests ran on.
FROM node:24.22.3-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
COPY scripts/prisma.mjs scripts/runtime.mjs ./scripts/
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Applies the migrations (the Prisma CLI is a development dependency): run once per release,
# before the app and the workers start.
FROM build AS migrate
CMD ["node", "scripts/prisma.mjs", "migrate", "deploy"]

FROM build AS pruned
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:24.22.3-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
COPY --from=pruned /app /app
USER node
EXPOSE 3000
# The app. A worker runs the same image with:
#   node --import tsx --conditions=react-server scripts/worker.ts
# (tsx is a runtime dependency: the worker and its training threads load the TypeScript sources).
CMD ["node", "node_modules/next/dist/bin/next", "start", "-p", "3000", "-H", "0.0.0.0"]
