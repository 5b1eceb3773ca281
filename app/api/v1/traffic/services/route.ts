export { trafficServices as GET } from "@/server/api/traffic";
