export { testNotifier as POST } from "@/server/api/alerts";
