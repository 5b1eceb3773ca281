export { listAlerts as GET } from "@/server/api/alerts";
