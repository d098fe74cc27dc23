/**
 * Precompiles every framework step schema into convex/coaching/generated/.
 *
 *   npx tsx tools/build-validators.ts           write the generated module
 *   npx tsx tools/build-validators.ts --check   exit 1 when the committed output is stale
 *
 * The work happens in tools/validators/generate.ts (shared with the freshness test).
 */
import { generateStepValidators, OUTPUT_DTS, OUTPUT_JS, repoRoot, staleFiles, writeStepValidators } from "./validators/generate";

function main(argv: string[]): number {
  const unknown = argv.filter((arg) => arg !== "--check");
  if (unknown.length > 0) {
    console.error(`Unknown argument(s): ${unknown.join(" ")}\nUsage: npx tsx tools/build-validators.ts [--check]`);
    return 2;
  }
  const root = repoRoot();
  const generated = generateStepValidators();
  if (argv.includes("--check")) {
    const stale = staleFiles(root, generated);
    if (stale.length > 0) {
      console.error(
        `Step validators are stale: ${stale.join(", ")} no longer match the framework schemas.\n` +
          "Run 'npm run build:validators' (npx tsx tools/build-validators.ts) and commit the result.",
      );
      return 1;
    }
    console.log(`step validators are fresh (${generated.keys.length} steps)`);
    return 0;
  }
  const changed = writeStepValidators(root, generated);
  console.log(
    changed.length > 0
      ? `wrote ${changed.join(", ")} (${generated.keys.length} steps)`
      : `${OUTPUT_JS} and ${OUTPUT_DTS} are up to date (${generated.keys.length} steps)`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
