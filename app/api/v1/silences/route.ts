export { listSilences as GET, createSilence as POST } from "@/server/api/alerts";
