export { getBreaker as GET } from "@/server/api/breakers";
