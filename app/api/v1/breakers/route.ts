export { listBreakers as GET } from "@/server/api/breakers";
