export { getBulkhead as GET } from "@/server/api/breakers";
