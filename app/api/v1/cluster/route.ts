export { clusterStatus as GET } from "@/server/api/cluster";
