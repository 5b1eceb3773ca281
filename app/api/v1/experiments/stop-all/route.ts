export { stopAllExperiments as POST } from "@/server/api/experiments";
