/**
 * The one permission matrix: which role may do what. Builders in
 * functions.ts take a permission, never a role, so widening a role is a
 * one-line change here and every function follows.
 */
import { literals } from "convex-helpers/validators";
import type { Role } from "../users/tables";

export const PERMISSIONS = [
  /** Live coaching: one's own sessions and recommendations. */
  "coaching.use",
  /** Read prompt templates, their versions and diffs. */
  "studio.templates.view",
  /** Create, version, activate, archive and delete templates. */
  "studio.templates.edit",
  /** Generate conversations and run batches. */
  "studio.generate",
  /** Review generated conversations. */
  "studio.review",
  /** Export reviewed data for fine-tuning. */
  "studio.export",
  /** List users and change roles. */
  "admin.users",
  /** Logs, audit, health, usage dashboards. */
  "admin.observability",
] as const;

export type Permission = (typeof PERMISSIONS)[number];
export const permissionValidator = literals(...PERMISSIONS);

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  // A reviewer curates training data: sees templates for context, never edits them or manages people.
  reviewer: ["coaching.use", "studio.templates.view", "studio.review", "studio.export"],
  member: ["coaching.use"],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

const AREA: Record<string, string> = {
  coaching: "coaching",
  studio: "the Studio",
  admin: "the admin area",
};

/** The sentence a refused caller sees: names the area, not the matrix. */
export function forbiddenMessage(permission: Permission): string {
  if (permission === "studio.templates.edit") return "Your role can view templates but not change them.";
  const area = AREA[permission.split(".")[0]] ?? "this area";
  return `Your role doesn't give access to ${area}. Ask an admin if you need it.`;
}
