# The Innkeeper image: the API by default; the notifications worker is the same image with the
# command `node backend/dist/worker.js` (compose.yaml runs both). Compiled output only, Node 24,
# a non-root user. Not built on the development machine, which has no container engine.

# The package manifests, which both stages install from.
FROM node:24-bookworm-slim AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY backend/package.json backend/
COPY mocks/package.json mocks/
COPY web/package.json web/
COPY bench/package.json bench/

# Build: every package, then `npm run build` (web app, API, worker, start script, mocks).
FROM manifests AS build
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Run: the backend's production packages and the compiled output; no tsx, TypeScript or Vite.
FROM manifests
ENV NODE_ENV=production
RUN npm ci --omit=dev --workspace backend --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/backend/dist backend/dist
COPY --from=build /app/backend/db backend/db
COPY --from=build /app/web/dist web/dist
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 4000}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "backend/dist/server.js"]
