// The colour theme: "system" follows prefers-color-scheme; "light"/"dark" are the user's pick,
// kept in localStorage and in a cookie, so the server renders <html data-theme> before paint (no
// inline script, which the CSP would need a nonce for).
export type ThemeChoice = "system" | "light" | "dark";
export const THEME_COOKIE = "bw-theme";
const STORAGE_KEY = "bw-theme";

export const parseTheme = (v: string | undefined | null): ThemeChoice => (v === "light" || v === "dark" ? v : "system");

export function currentChoice(): ThemeChoice {
  return parseTheme(document.documentElement.dataset.theme ?? (typeof localStorage !== "undefined" ? localStorage.getItem(STORAGE_KEY) : null));
}

/** The theme the page shows now (a pick, else the system preference). */
export function effectiveTheme(choice: ThemeChoice = currentChoice()): "light" | "dark" {
  if (choice !== "system") return choice;
  return window.matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark";
}

export function applyTheme(choice: ThemeChoice): void {
  const html = document.documentElement;
  if (choice === "system") {
    delete html.dataset.theme;
    localStorage.removeItem(STORAGE_KEY);
    document.cookie = `${THEME_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`;
  } else {
    html.dataset.theme = choice;
    localStorage.setItem(STORAGE_KEY, choice);
    document.cookie = `${THEME_COOKIE}=${choice}; Path=/; Max-Age=31536000; SameSite=Lax`;
  }
}
