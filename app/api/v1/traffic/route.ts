export { trafficSeries as GET } from "@/server/api/breakers";
