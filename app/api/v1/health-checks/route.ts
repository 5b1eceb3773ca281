export { listHealthChecks as GET, createHealthCheck as POST } from "@/server/api/health-checks";
