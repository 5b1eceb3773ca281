export { listAudit as GET } from "@/server/api/audit";
