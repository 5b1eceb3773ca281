export { healthCheckers as GET } from "@/server/api/health-checks";
