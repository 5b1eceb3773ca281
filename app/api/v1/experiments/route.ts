export { listExperiments as GET, createExperiment as POST } from "@/server/api/experiments";
