export { listNotifiers as GET, createNotifier as POST } from "@/server/api/alerts";
