# kios, dana-sim and supplier-sim share one image; docker-compose.yml picks the command.
# Node 24 LTS, the runtime CI tests kios on (.ci/use-node.sh), pinned to its minor version.

# Build: every dependency, the build, then only the production dependencies kept.
FROM node:24.22-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

# Run: the build's output and production dependencies, as the unprivileged `node` user, started by
# `node` itself (npm would stand between the process and the signals a stop sends).
FROM node:24.22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    KIOS_DATA_DIR=/data
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/catalog ./catalog
# /data: kios's embedded stores and keys; /sim: supplier-sim's state (docker-compose.yml mounts volumes there).
RUN mkdir -p /data /sim && chown node:node /data /sim
USER node
EXPOSE 8080 8090 8091
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.KIOS_PORT || 8080) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/kios/src/main.js"]
