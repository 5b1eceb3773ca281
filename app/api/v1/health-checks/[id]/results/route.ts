export { healthCheckResults as GET } from "@/server/api/health-checks";
