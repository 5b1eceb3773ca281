export { getService as GET, replaceService as PUT, deleteService as DELETE } from "@/server/api/services";
