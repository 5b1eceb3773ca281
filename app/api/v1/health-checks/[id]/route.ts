export { getHealthCheck as GET, replaceHealthCheck as PUT, deleteHealthCheck as DELETE } from "@/server/api/health-checks";
