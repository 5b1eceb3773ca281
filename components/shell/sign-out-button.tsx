"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { IconLogout } from "@/components/ui/icons";
import { api, ApiError, errorMessage } from "@/lib/client/api";
import { disconnectSocket } from "@/lib/client/socket";
import { toast } from "@/lib/client/stores/toasts";

export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  async function signOut() {
    setBusy(true);
    try {
      await api.post("/api/v1/auth/logout");
    } catch (err) {
      // already signed out is fine; anything else is worth saying
      if (!(err instanceof ApiError && err.status === 401)) {
        toast.error("Could not sign out", errorMessage(err));
        setBusy(false);
        return;
      }
    }
    disconnectSocket();
    // a full load drops every client store along with the session
    window.location.assign("/login");
  }
  return (
    <Button variant="ghost" size="sm" onClick={signOut} disabled={busy} data-testid="sign-out">
      <IconLogout />
      {busy ? "Signing out…" : "Sign out"}
    </Button>
  );
}
