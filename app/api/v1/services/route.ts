export { listServices as GET, createService as POST } from "@/server/api/services";
