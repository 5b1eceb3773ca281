export { pinBulkhead as POST, unpinBulkhead as DELETE } from "@/server/api/breakers";
