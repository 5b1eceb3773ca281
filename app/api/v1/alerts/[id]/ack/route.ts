export { ackAlert as POST } from "@/server/api/alerts";
