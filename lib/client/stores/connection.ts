// Live-connection state, driven only by the real socket.io-client events (see ../socket.ts).
import { create } from "zustand";
import type { Role } from "@/lib/contracts/roles";

/**
 * connecting   – first attempt since the page loaded (shown as "Connecting…")
 * live         – connected, snapshot received or about to be
 * reconnecting – dropped (or failing) and retrying
 * offline      – refused by the server (signed out), or retries keep failing
 */
export type ConnectionStatus = "connecting" | "live" | "reconnecting" | "offline";

export interface Snapshot {
  user: { username: string; role: Role };
  serverTime: string;
  startedAt: string;
}

interface ConnectionState {
  status: ConnectionStatus;
  /** True once the socket has been live at least once since the page loaded. */
  everLive: boolean;
  /** Set when the server refused the connection (e.g. the session ended). */
  refused: string | null;
  snapshot: Snapshot | null;
  /** Increments on every snapshot: views re-sync their data when it changes. */
  snapshotSeq: number;
  lastChange: number;
  setStatus(status: ConnectionStatus): void;
  setRefused(code: string | null): void;
  setSnapshot(s: Snapshot): void;
}

export const useConnection = create<ConnectionState>()((set) => ({
  status: "connecting",
  everLive: false,
  refused: null,
  snapshot: null,
  snapshotSeq: 0,
  lastChange: 0,
  setStatus: (status) =>
    set((s) => (s.status === status ? s : { status, everLive: s.everLive || status === "live", lastChange: Date.now(), ...(status === "live" ? { refused: null } : {}) })),
  setRefused: (refused) => set({ refused }),
  setSnapshot: (snapshot) => set((s) => ({ snapshot, snapshotSeq: s.snapshotSeq + 1 })),
}));

/** The three states the indicator exposes (data-state). */
export function indicatorState(status: ConnectionStatus): "live" | "reconnecting" | "offline" {
  return status === "live" ? "live" : status === "offline" ? "offline" : "reconnecting";
}
