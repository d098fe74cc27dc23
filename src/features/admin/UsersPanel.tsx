import { useMutation, usePaginatedQuery } from "convex/react";
import { useState } from "react";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import type { Role } from "../../../convex/users/tables";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useCallState } from "../../hooks/useCallState";
import type { CsvColumn } from "../../lib/csv";
import { ExportButton } from "./ExportButton";

const PAGE_SIZE = 25;

type UserRow = { _id: string; email?: string; role: Role; _creationTime: number };
const COLUMNS: CsvColumn<UserRow>[] = [
  { header: "id", value: (u) => u._id },
  { header: "email", value: (u) => u.email ?? "" },
  { header: "role", value: (u) => u.role },
  { header: "joined", value: (u) => new Date(u._creationTime).toISOString() },
];

export function UsersPanel({ myId }: { myId: Id<"users"> }) {
  const { results, status, loadMore } = usePaginatedQuery(api.users.admin.listUsers, {}, { initialNumItems: PAGE_SIZE });
  const setRole = useCallState(useMutation(api.users.admin.setRole));
  const [pending, setPending] = useState<Id<"users"> | null>(null);

  async function changeRole(userId: Id<"users">, role: Role) {
    setPending(userId);
    await setRole.run({ userId, role });
    setPending(null);
  }

  return (
    <section aria-labelledby="admin-users-title">
      <div className="panel-head">
        <h2 id="admin-users-title">Users</h2>
        <ExportButton view="users" columns={COLUMNS} rows={results} />
      </div>
      <ErrorNotice error={setRole.error} />
      {status === "LoadingFirstPage" ? (
        <p className="muted">Loading users…</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Joined</th>
              <th scope="col">Role</th>
            </tr>
          </thead>
          <tbody>
            {results.map((user) => (
              <tr key={user._id}>
                <td>
                  {user.email ?? "—"}
                  {user._id === myId ? <span className="muted"> (you)</span> : null}
                </td>
                <td>{new Date(user._creationTime).toLocaleDateString()}</td>
                <td>
                  <label className="visually-hidden" htmlFor={`role-${user._id}`}>
                    Role of {user.email}
                  </label>
                  <select
                    id={`role-${user._id}`}
                    value={user.role}
                    disabled={pending === user._id}
                    onChange={(e) => void changeRole(user._id, e.target.value as Role)}
                  >
                    <option value="member">member</option>
                    <option value="reviewer">reviewer</option>
                    <option value="admin">admin</option>
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {status === "CanLoadMore" ? (
        <button type="button" onClick={() => loadMore(PAGE_SIZE)}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
