"use client";
import { useEffect, useRef } from "react";
import { getSocket, onSubscribed, subscribeTopics } from "./socket";

/** Listen to one socket event for the lifetime of the component (latest handler, no re-binding). */
export function useSocketEvent<T>(event: string, handler: (payload: T) => void): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    const s = getSocket();
    const fn = (p: T) => ref.current(p);
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
export function useTopics(topics: string[], onReady?: () => void): void {
  const key = topics.join(",");
  const ready = useRef(onReady);
  useEffect(() => {
    ready.current = onReady;
  });
  useEffect(() => {
    const list = key.split(",").filter(Boolean);
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
