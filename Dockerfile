# Candor's app and worker image. The same Node 24 LTS line the project pins (package.json
# optionalDependencies node-linux-*), so the container runs what the tests ran on.
FROM node:24.22.3-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
COPY scripts/prisma.mjs scripts/runtime.mjs ./scripts/
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24.22.3-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
COPY --from=build /app /app
USER node
EXPOSE 3000
# The app; the worker image runs `npm run worker` from the same build.
CMD ["node", "node_modules/next/dist/bin/next", "start", "-p", "3000"]
