"use client";
import { useEffect, useRef } from "react";
import type { ServerEventName, ServerEventPayload, Topic } from "@/lib/contracts/realtime";
import { getSocket, onSubscribed, subscribeTopics } from "./socket";

/** Listen to one socket event for the lifetime of the component (latest handler, no re-binding). */
export function useSocketEvent<E extends ServerEventName>(event: E, handler: (payload: ServerEventPayload<E>) => void): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    // socket.io's typed `on` cannot relate a generic event name to its listener: the listener's
    // payload type is tied to the event name by ServerEventPayload above
    const s = getSocket() as unknown as { on(e: string, fn: (p: unknown) => void): void; off(e: string, fn: (p: unknown) => void): void };
    const fn = (p: unknown) => ref.current(p as ServerEventPayload<E>);
    s.on(event, fn);
    return () => {
      s.off(event, fn);
    };
  }, [event]);
}

/**
 * Subscribe to topics while mounted. `onReady` runs each time the server acknowledges the
 * subscription — the first time and after every reconnect — so a view can re-fetch what it
 * may have missed.
 */
export function useTopics(topics: Topic[], onReady?: () => void): void {
  const key = topics.join(",");
  const ready = useRef(onReady);
  useEffect(() => {
    ready.current = onReady;
  });
  useEffect(() => {
    const list = key.split(",").filter(Boolean) as Topic[];
    const off = onSubscribed((acked) => {
      if (acked.some((t) => list.includes(t))) ready.current?.();
    });
    const unsubscribe = subscribeTopics(list);
    return () => {
      off();
      unsubscribe();
    };
  }, [key]);
}
