# kios, dana-sim and supplier-sim share one image; docker-compose.yml picks the command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=development
COPY --from=build /app /app
EXPOSE 8080 8090 8091
CMD ["npm", "run", "start:prod"]
