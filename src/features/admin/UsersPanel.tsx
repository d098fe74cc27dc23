import { useMutation, usePaginatedQuery } from "convex/react";
import { useState } from "react";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import type { Role } from "../../../convex/users/tables";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useCallState } from "../../hooks/useCallState";
import type { CsvColumn } from "../../lib/csv";
import { DataTable, type DataColumn } from "../../components/DataTable";

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
  const recordExport = useMutation(api.observability.audit.recordExport);
  const [pending, setPending] = useState<Id<"users"> | null>(null);

  async function changeRole(userId: Id<"users">, role: Role) {
    setPending(userId);
    await setRole.run({ userId, role });
    setPending(null);
  }

  const columns: DataColumn<UserRow>[] = [
    {
      key: "email",
      header: "Email",
      sortValue: (u) => u.email ?? "",
      cell: (u) => (
        <>
          {u.email ?? "—"}
          {u._id === myId ? <span className="muted"> (you)</span> : null}
        </>
      ),
    },
    { key: "joined", header: "Joined", sortValue: (u) => u._creationTime, cell: (u) => new Date(u._creationTime).toLocaleDateString() },
    {
      key: "role",
      header: "Role",
      sortValue: (u) => u.role,
      cell: (u) => (
        <>
          <label className="visually-hidden" htmlFor={`role-${u._id}`}>
            Role of {u.email}
          </label>
          <select id={`role-${u._id}`} value={u.role} disabled={pending === u._id} onChange={(e) => void changeRole(u._id as Id<"users">, e.target.value as Role)}>
            <option value="member">member</option>
            <option value="reviewer">reviewer</option>
            <option value="admin">admin</option>
          </select>
        </>
      ),
    },
  ];

  return (
    <section aria-labelledby="admin-users-title">
      <div className="panel-head">
        <h2 id="admin-users-title">Users</h2>
      </div>
      <ErrorNotice error={setRole.error} />
      <DataTable
        label="User accounts, oldest first"
        className="users-table"
        columns={columns}
        rows={results as UserRow[]}
        rowKey={(u) => u._id}
        status={status}
        loadMore={loadMore}
        pageSize={PAGE_SIZE}
        loadingText="Loading users…"
        emptyText="No users yet."
        csv={{ name: "users", columns: COLUMNS, beforeDownload: (rows) => recordExport({ view: "users", rows }) }}
      />
    </section>
  );
}
