export { bulkheadSamples as GET } from "@/server/api/breakers";
