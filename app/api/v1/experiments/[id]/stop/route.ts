export { stopExperiment as POST } from "@/server/api/experiments";
