"use client";
// The cluster's status as the browser sees it: server-rendered first, then from the socket's
// snapshot and cluster:status events.
import { useEffect, useState } from "react";
import { getSocket } from "./socket";

import type { ClusterStatusDto } from "@/lib/contracts/realtime";

export type ClusterView = ClusterStatusDto;

export function useClusterStatus(initial: ClusterView): ClusterView {
  const [view, setView] = useState<ClusterView>(initial);
  useEffect(() => {
    const socket = getSocket();
    const onStatus = (s: ClusterView) => setView(s);
    const onSnapshot = (snap: { cluster: ClusterView }) => setView(snap.cluster);
    socket.on("cluster:status", onStatus);
    socket.on("snapshot", onSnapshot);
    return () => {
      socket.off("cluster:status", onStatus);
      socket.off("snapshot", onSnapshot);
    };
  }, []);
  return view;
}
