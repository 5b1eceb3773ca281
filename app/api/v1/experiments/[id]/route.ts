export { getExperiment as GET } from "@/server/api/experiments";
