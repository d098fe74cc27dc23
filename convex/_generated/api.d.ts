/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";
import type * as auth from "../auth.js";
import type * as coaching_tables from "../coaching/tables.js";
import type * as crons from "../crons.js";
import type * as health from "../health.js";
import type * as http from "../http.js";
import type * as lib_env from "../lib/env.js";
import type * as lib_errors from "../lib/errors.js";
import type * as lib_functions from "../lib/functions.js";
import type * as lib_version from "../lib/version.js";
import type * as llm_admission from "../llm/admission.js";
import type * as llm_anthropic from "../llm/anthropic.js";
import type * as llm_breaker from "../llm/breaker.js";
import type * as llm_classify from "../llm/classify.js";
import type * as llm_config from "../llm/config.js";
import type * as llm_events from "../llm/events.js";
import type * as llm_fixedWindow from "../llm/fixedWindow.js";
import type * as llm_gcra from "../llm/gcra.js";
import type * as llm_pricing from "../llm/pricing.js";
import type * as llm_queue from "../llm/queue.js";
import type * as llm_retryPolicy from "../llm/retryPolicy.js";
import type * as llm_run from "../llm/run.js";
import type * as llm_state from "../llm/state.js";
import type * as llm_status from "../llm/status.js";
import type * as llm_streamBatcher from "../llm/streamBatcher.js";
import type * as llm_tables from "../llm/tables.js";
import type * as llm_userLimits from "../llm/userLimits.js";
import type * as observability_httpHealth from "../observability/httpHealth.js";
import type * as observability_tables from "../observability/tables.js";
import type * as studio_tables from "../studio/tables.js";
import type * as users_account from "../users/account.js";
import type * as users_admin from "../users/admin.js";
import type * as users_credentials from "../users/credentials.js";
import type * as users_roles from "../users/roles.js";
import type * as users_tables from "../users/tables.js";
import type * as users_validators from "../users/validators.js";

/**
 * A utility for referencing Convex functions in your app's API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
declare const fullApi: ApiFromModules<{
  auth: typeof auth;
  "coaching/tables": typeof coaching_tables;
  crons: typeof crons;
  health: typeof health;
  http: typeof http;
  "lib/env": typeof lib_env;
  "lib/errors": typeof lib_errors;
  "lib/functions": typeof lib_functions;
  "lib/version": typeof lib_version;
  "llm/admission": typeof llm_admission;
  "llm/anthropic": typeof llm_anthropic;
  "llm/breaker": typeof llm_breaker;
  "llm/classify": typeof llm_classify;
  "llm/config": typeof llm_config;
  "llm/events": typeof llm_events;
  "llm/fixedWindow": typeof llm_fixedWindow;
  "llm/gcra": typeof llm_gcra;
  "llm/pricing": typeof llm_pricing;
  "llm/queue": typeof llm_queue;
  "llm/retryPolicy": typeof llm_retryPolicy;
  "llm/run": typeof llm_run;
  "llm/state": typeof llm_state;
  "llm/status": typeof llm_status;
  "llm/streamBatcher": typeof llm_streamBatcher;
  "llm/tables": typeof llm_tables;
  "llm/userLimits": typeof llm_userLimits;
  "observability/httpHealth": typeof observability_httpHealth;
  "observability/tables": typeof observability_tables;
  "studio/tables": typeof studio_tables;
  "users/account": typeof users_account;
  "users/admin": typeof users_admin;
  "users/credentials": typeof users_credentials;
  "users/roles": typeof users_roles;
  "users/tables": typeof users_tables;
  "users/validators": typeof users_validators;
}>;
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;
