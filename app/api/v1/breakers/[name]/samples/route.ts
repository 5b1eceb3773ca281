export { breakerSamples as GET } from "@/server/api/breakers";
