import type { FunctionReturnType } from "convex/server";
import type { api } from "../../../convex/_generated/api";

export type SessionView = FunctionReturnType<typeof api.coaching.sessions.getSession>;
export type MessageView = FunctionReturnType<typeof api.coaching.sessions.listMessages>[number];
