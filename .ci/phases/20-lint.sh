# Lint: type checks, the boundary rules (dependency-cruiser, see ARCHITECTURE.md) and the OpenAPI document (redocly).
source "$(dirname "$0")/../lib.sh"
npm run lint
