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
import type * as coaching_access from "../coaching/access.js";
import type * as coaching_catalog from "../coaching/catalog.js";
import type * as coaching_engine from "../coaching/engine.js";
import type * as coaching_expiry from "../coaching/expiry.js";
import type * as coaching_frameworks_clear from "../coaching/frameworks/clear.js";
import type * as coaching_frameworks_compass from "../coaching/frameworks/compass.js";
import type * as coaching_frameworks_executivePresence from "../coaching/frameworks/executivePresence.js";
import type * as coaching_frameworks_grow from "../coaching/frameworks/grow.js";
import type * as coaching_frameworks_index from "../coaching/frameworks/index.js";
import type * as coaching_frameworks_powerInterestGrid from "../coaching/frameworks/powerInterestGrid.js";
import type * as coaching_frameworks_psychologicalSafety from "../coaching/frameworks/psychologicalSafety.js";
import type * as coaching_frameworks_types from "../coaching/frameworks/types.js";
import type * as coaching_generated_stepValidators from "../coaching/generated/stepValidators.js";
import type * as coaching_injection from "../coaching/injection.js";
import type * as coaching_prompts from "../coaching/prompts.js";
import type * as coaching_recommend from "../coaching/recommend.js";
import type * as coaching_recommendations from "../coaching/recommendations.js";
import type * as coaching_reply from "../coaching/reply.js";
import type * as coaching_sessions from "../coaching/sessions.js";
import type * as coaching_tables from "../coaching/tables.js";
import type * as coaching_turns from "../coaching/turns.js";
import type * as coaching_validation from "../coaching/validation.js";
import type * as coaching_validators from "../coaching/validators.js";
import type * as crons from "../crons.js";
import type * as health from "../health.js";
import type * as http from "../http.js";
import type * as lib_env from "../lib/env.js";
import type * as lib_errors from "../lib/errors.js";
import type * as lib_functions from "../lib/functions.js";
import type * as lib_log from "../lib/log.js";
import type * as lib_redact from "../lib/redact.js";
import type * as lib_sanitize from "../lib/sanitize.js";
import type * as lib_sha256 from "../lib/sha256.js";
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
import type * as observability_audit from "../observability/audit.js";
import type * as observability_cleanup from "../observability/cleanup.js";
import type * as observability_config from "../observability/config.js";
import type * as observability_cronRuns from "../observability/cronRuns.js";
import type * as observability_dashboard from "../observability/dashboard.js";
import type * as observability_health from "../observability/health.js";
import type * as observability_histogram from "../observability/histogram.js";
import type * as observability_httpHealth from "../observability/httpHealth.js";
import type * as observability_logs from "../observability/logs.js";
import type * as observability_rollupMath from "../observability/rollupMath.js";
import type * as observability_rollups from "../observability/rollups.js";
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
  "coaching/access": typeof coaching_access;
  "coaching/catalog": typeof coaching_catalog;
  "coaching/engine": typeof coaching_engine;
  "coaching/expiry": typeof coaching_expiry;
  "coaching/frameworks/clear": typeof coaching_frameworks_clear;
  "coaching/frameworks/compass": typeof coaching_frameworks_compass;
  "coaching/frameworks/executivePresence": typeof coaching_frameworks_executivePresence;
  "coaching/frameworks/grow": typeof coaching_frameworks_grow;
  "coaching/frameworks/index": typeof coaching_frameworks_index;
  "coaching/frameworks/powerInterestGrid": typeof coaching_frameworks_powerInterestGrid;
  "coaching/frameworks/psychologicalSafety": typeof coaching_frameworks_psychologicalSafety;
  "coaching/frameworks/types": typeof coaching_frameworks_types;
  "coaching/generated/stepValidators": typeof coaching_generated_stepValidators;
  "coaching/injection": typeof coaching_injection;
  "coaching/prompts": typeof coaching_prompts;
  "coaching/recommend": typeof coaching_recommend;
  "coaching/recommendations": typeof coaching_recommendations;
  "coaching/reply": typeof coaching_reply;
  "coaching/sessions": typeof coaching_sessions;
  "coaching/tables": typeof coaching_tables;
  "coaching/turns": typeof coaching_turns;
  "coaching/validation": typeof coaching_validation;
  "coaching/validators": typeof coaching_validators;
  crons: typeof crons;
  health: typeof health;
  http: typeof http;
  "lib/env": typeof lib_env;
  "lib/errors": typeof lib_errors;
  "lib/functions": typeof lib_functions;
  "lib/log": typeof lib_log;
  "lib/redact": typeof lib_redact;
  "lib/sanitize": typeof lib_sanitize;
  "lib/sha256": typeof lib_sha256;
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
  "observability/audit": typeof observability_audit;
  "observability/cleanup": typeof observability_cleanup;
  "observability/config": typeof observability_config;
  "observability/cronRuns": typeof observability_cronRuns;
  "observability/dashboard": typeof observability_dashboard;
  "observability/health": typeof observability_health;
  "observability/histogram": typeof observability_histogram;
  "observability/httpHealth": typeof observability_httpHealth;
  "observability/logs": typeof observability_logs;
  "observability/rollupMath": typeof observability_rollupMath;
  "observability/rollups": typeof observability_rollups;
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
