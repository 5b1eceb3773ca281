export { listBulkheads as GET } from "@/server/api/breakers";
