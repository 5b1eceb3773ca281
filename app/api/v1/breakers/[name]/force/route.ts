export { forceBreaker as POST, liftBreaker as DELETE } from "@/server/api/breakers";
