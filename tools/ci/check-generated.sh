#!/usr/bin/env bash
# Fails when committed generated files differ from what the sources produce.
set -euo pipefail
cd "$(dirname "$0")/../.."
npx convex codegen --system-udfs --typecheck disable >/dev/null
if ! git diff --quiet -- convex/_generated || [ -n "$(git status --porcelain -- convex/_generated)" ]; then
  echo "convex/_generated is stale: run 'npm run codegen' and commit the result." >&2
  git status --short -- convex/_generated >&2
  exit 1
fi
echo "generated files are fresh"
