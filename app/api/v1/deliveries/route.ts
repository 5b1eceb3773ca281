export { listDeliveries as GET } from "@/server/api/alerts";
