# Vigil's services (monitor, API, CLI) in one image; docker-compose.yml picks the command.
#   docker build -t vigil .
#   docker run --rm vigil node dist/apps/cli/src/main.js --help

# --- build: full dependencies, compile TypeScript, then drop dev dependencies ---------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
# `npm run build` compiles the services and bundles the dashboard (Vite) into dist/dashboard, which the API
# serves at `/`; React, ECharts and Vite are build-time dependencies only, so the prune drops them.
RUN npm run build && test -f dist/dashboard/index.html && npm prune --omit=dev --no-audit --no-fund

# --- runtime: production dependencies, compiled code and the trial protocols ---------------------
FROM node:20-bookworm-slim AS runtime
# HOST: a container is reached through its own interface, not its loopback. With NODE_ENV=production the API
# refuses to start without AUTH_JWT_SECRET, so a published port never serves the development secret.
ENV NODE_ENV=production HOST=0.0.0.0
# Debian's chromium prints the DSMB report's PDFs (GET …/dsmb-report?format=pdf, vigil dsmb-report --format pdf);
# fonts-dejavu-core gives it the report's font.
RUN apt-get update && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
  && rm -rf /var/lib/apt/lists/*
ENV VIGIL_CHROMIUM=/usr/bin/chromium
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node protocols ./protocols
USER node
EXPOSE 3000
CMD ["node", "--max-old-space-size=160", "dist/apps/monitor/src/main.js"]
