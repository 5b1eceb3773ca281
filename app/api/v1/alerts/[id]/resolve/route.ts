export { resolveAlert as POST } from "@/server/api/alerts";
