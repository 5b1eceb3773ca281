export { resetBreaker as POST } from "@/server/api/breakers";
