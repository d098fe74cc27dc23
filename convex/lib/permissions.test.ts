import { describe, expect, test } from "vitest";
import { ROLES } from "../users/tables";
import { PERMISSIONS, ROLE_PERMISSIONS, can, forbiddenMessage } from "./permissions";

describe("the permission matrix", () => {
  // The whole matrix, written out: a change to a role's reach shows up here as a diff.
  const expected: Record<(typeof ROLES)[number], Record<(typeof PERMISSIONS)[number], boolean>> = {
    admin: {
      "coaching.use": true,
      "studio.templates.view": true,
      "studio.templates.edit": true,
      "studio.generate": true,
      "studio.review": true,
      "studio.export": true,
      "admin.users": true,
      "admin.observability": true,
    },
    reviewer: {
      "coaching.use": true,
      "studio.templates.view": true,
      "studio.templates.edit": false,
      "studio.generate": false,
      "studio.review": true,
      "studio.export": true,
      "admin.users": false,
      "admin.observability": false,
    },
    member: {
      "coaching.use": true,
      "studio.templates.view": false,
      "studio.templates.edit": false,
      "studio.generate": false,
      "studio.review": false,
      "studio.export": false,
      "admin.users": false,
      "admin.observability": false,
    },
  };

  test.each(ROLES.flatMap((role) => PERMISSIONS.map((permission) => [role, permission] as const)))(
    "%s → %s",
    (role, permission) => {
      expect(can(role, permission)).toBe(expected[role][permission]);
    },
  );

  test("every role has a row and names only known permissions", () => {
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual([...ROLES].sort());
    for (const granted of Object.values(ROLE_PERMISSIONS)) {
      for (const permission of granted) expect(PERMISSIONS).toContain(permission);
    }
  });

  test("refusals name the area, and a reviewer is told they can only view templates", () => {
    expect(forbiddenMessage("admin.users")).toBe("Your role doesn't give access to the admin area. Ask an admin if you need it.");
    expect(forbiddenMessage("studio.generate")).toBe("Your role doesn't give access to the Studio. Ask an admin if you need it.");
    expect(forbiddenMessage("studio.templates.edit")).toBe("Your role can view templates but not change them.");
  });
});
