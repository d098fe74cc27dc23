import { expectCount, expectPath, expectText, expectValue, expectVisible } from "../expect";
import type { Flow } from "../harness";
import { expectHome, openSignIn, signIn, signOut, signUp, uniqueEmail } from "../steps/auth";

// Sign-up, sign-out, sign-in and roles, against a fresh backend: the first
// user becomes admin, later ones are members, and only admins get /admin.

const flow: Flow = {
  name: "auth",
  async run(h) {
    const { appUrl } = h.stack;
    const adminEmail = uniqueEmail("admin");
    const memberEmail = uniqueEmail("member");

    const admin = await h.newPage();
    await openSignIn(admin, appUrl);
    await h.screenshot(admin, "auth-01-sign-in");

    await signUp(admin, adminEmail);
    await expectText(admin.getByTestId("role"), "admin", "role of the first user");
    await expectVisible(admin.getByRole("link", { name: "Admin" }), "Admin link for the admin");
    await h.screenshot(admin, "auth-02-admin-home");

    await signOut(admin);
    await expectCount(admin.getByRole("button", { name: "Sign out" }), 0, "Sign out buttons after signing out");
    await h.screenshot(admin, "auth-03-signed-out");

    await signIn(admin, adminEmail);
    await expectHome(admin, adminEmail);
    await expectText(admin.getByTestId("role"), "admin", "role after signing in again");

    // A separate browser context: no shared session with the admin.
    const member = await h.newPage();
    await openSignIn(member, appUrl);
    await signUp(member, memberEmail);
    await expectText(member.getByTestId("role"), "member", "role of the second user");
    await expectCount(member.getByRole("link", { name: "Admin" }), 0, "Admin links shown to a member");
    await h.screenshot(member, "auth-04-member-home");

    // Typing the URL does not get a member in: the app shows home instead.
    await member.goto(`${appUrl}/admin`);
    await expectHome(member, memberEmail);
    await expectCount(member.getByRole("heading", { name: "Admin" }), 0, "Admin headings shown to a member at /admin");

    await admin.getByRole("link", { name: "Admin" }).click();
    await expectPath(admin, "/admin");
    await expectVisible(admin.getByRole("heading", { name: "Admin", level: 1 }), "admin page heading");
    const rows = admin.locator("table tbody tr");
    await expectCount(rows, 2, "users listed on the admin page");
    const adminRow = rows.filter({ hasText: adminEmail });
    const memberRow = rows.filter({ hasText: memberEmail });
    await expectText(adminRow.locator("td").first(), `${adminEmail} (you)`, "admin's row");
    await expectText(memberRow.locator("td").first(), memberEmail, "member's row");
    await expectValue(adminRow.getByRole("combobox"), "admin", "admin's role in the table");
    await expectValue(memberRow.getByRole("combobox"), "member", "member's role in the table");
    await h.screenshot(admin, "auth-05-admin-users");

    // A deep link to /admin works after a full reload (session restored from storage).
    await admin.reload();
    await expectPath(admin, "/admin");
    await expectCount(admin.locator("table tbody tr"), 2, "users listed after reloading /admin");
  },
};

export default flow;
