export { expireSilence as DELETE } from "@/server/api/alerts";
