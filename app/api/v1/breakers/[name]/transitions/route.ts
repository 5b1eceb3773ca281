export { breakerTransitions as GET } from "@/server/api/breakers";
