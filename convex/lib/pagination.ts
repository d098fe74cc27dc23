/**
 * Bounded pagination for every list query. Convex accepts any numItems and
 * throws an uncoded error on a malformed cursor; callers get INVALID_INPUT
 * instead, and no page is ever larger than MAX_PAGE_SIZE.
 */
import { paginationOptsValidator, type PaginationOptions, type PaginationResult } from "convex/server";
import { ConvexError, v, type Validator } from "convex/values";
import { appError } from "./errors";

export const MAX_PAGE_SIZE = 100;

export { paginationOptsValidator };

// Cursors are opaque and their alphabet differs by engine; these bounds only refuse what cannot be one.
const MAX_CURSOR_CHARS = 8_192;
// eslint-disable-next-line no-control-regex
const NOT_IN_CURSOR = /[\u0000-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function checkPagination(opts: PaginationOptions): PaginationOptions {
  if (!Number.isInteger(opts.numItems) || opts.numItems < 1 || opts.numItems > MAX_PAGE_SIZE) {
    throw appError("INVALID_INPUT", `Page size must be a whole number from 1 to ${MAX_PAGE_SIZE}.`, { field: "paginationOpts" });
  }
  if (opts.cursor !== null && (opts.cursor.length === 0 || opts.cursor.length > MAX_CURSOR_CHARS || NOT_IN_CURSOR.test(opts.cursor))) {
    throw appError("INVALID_INPUT", "That page cursor isn't valid. Start again from the first page.", { field: "paginationOpts" });
  }
  return opts;
}

/**
 * Runs a paginate call and turns a cursor Convex can't read into INVALID_INPUT.
 * The cursor check above catches most garbage; this catches well-formed strings
 * that still don't decode.
 */
export async function paginateChecked<T>(
  opts: PaginationOptions,
  run: (opts: PaginationOptions) => Promise<PaginationResult<T>>,
): Promise<PaginationResult<T>> {
  checkPagination(opts);
  try {
    return await run(opts);
  } catch (error) {
    // Only a cursor we were given can make a well-formed query fail to page.
    if (opts.cursor !== null && !(error instanceof ConvexError)) {
      throw appError("INVALID_INPUT", "That page cursor isn't valid. Start again from the first page.", { field: "paginationOpts" });
    }
    throw error;
  }
}

/** One validator for a page of results, as the Agent library writes it. */
export function vPaginationResult<T extends Validator<unknown, "required", string>>(item: T) {
  return v.object({
    page: v.array(item),
    isDone: v.boolean(),
    continueCursor: v.string(),
    splitCursor: v.optional(v.union(v.string(), v.null())),
    pageStatus: v.optional(v.union(v.literal("SplitRecommended"), v.literal("SplitRequired"), v.null())),
  });
}
